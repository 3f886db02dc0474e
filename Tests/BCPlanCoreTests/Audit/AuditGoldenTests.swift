@testable import BCPlanCore
import Foundation
import Testing

/// Each folder under Fixtures/audit is one Business Center: either `example.txt` naming a folder of
/// `examples/` (audited at the examples' documented time, 2026-11-21T12:00:00Z), or its own
/// `bcplan.yaml`, `store.json` and `now.txt`. The expected reports are `expected.txt`, `.md`, `.csv`,
/// `.json` and `.dot`.
@Suite struct AuditGoldenTests {
    static let cases = Fixtures.cases(in: "audit")
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let formats: [(AuditFormat, String)] = [(.text, "txt"), (.markdown, "md"), (.csv, "csv"), (.json, "json"), (.dot, "dot")]

    /// The inputs of a case: config, live snapshot and time.
    static func inputs(_ name: String) throws -> (config: Config, live: Snapshot, now: Date) {
        let folder = Fixtures.root.appendingPathComponent("audit").appendingPathComponent(name)
        var configURL = folder.appendingPathComponent("bcplan.yaml")
        var nowText = "2026-11-21T12:00:00Z"
        if let example = try? String(contentsOf: folder.appendingPathComponent("example.txt"), encoding: .utf8) {
            configURL = repositoryRoot.appendingPathComponent("examples")
                .appendingPathComponent(example.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent("bcplan.yaml")
        } else {
            nowText = try String(contentsOf: folder.appendingPathComponent("now.txt"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let bytes = try [UInt8](Data(contentsOf: configURL))
        // Decoded under its absolute path so the store resolves; nothing path-dependent is rendered.
        let loaded = ConfigLoader.decode(bytes: bytes, path: configURL.path)
        let config = try #require(loaded.config, "\(name): \(loaded.diagnostics)")
        let live = try #require(try JSONFile.read(Snapshot.self, from: config.provider.storePath, what: "store"))
        return (config, live, try #require(Clock.parse(nowText)))
    }

    static func report(_ name: String, shuffled: Bool = false) throws -> AccessReport {
        var (config, live, now) = try inputs(name)
        if shuffled {
            var generator = SplitMix64(seed: UInt64(name.utf8.count) &* 31)
            live.members.shuffle(using: &generator)
            live.partners.shuffle(using: &generator)
            live.assets.shuffle(using: &generator)
            for index in live.members.indices { live.members[index].assets.shuffle(using: &generator) }
            for index in live.partners.indices { live.partners[index].shares.shuffle(using: &generator) }
            config.assets.shuffle(using: &generator)
        }
        return AccessAuditor.audit(live, config: config, now: now)
    }

    @Test func everyExampleHasAGoldenCase() {
        #expect(!Fixtures.examples.isEmpty)
        for example in Fixtures.examples { #expect(Self.cases.contains(example), "no Fixtures/audit/\(example)") }
    }

    @Test(arguments: cases)
    func reportMatchesGoldenFiles(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("audit").appendingPathComponent(name)
        let report = try Self.report(name)
        for (format, suffix) in Self.formats {
            Golden.check(format.renderer.render(report), against: folder.appendingPathComponent("expected.\(suffix)"))
        }
    }

    /// Shuffling every input list must not change one byte of any format.
    @Test(arguments: cases)
    func reportIsDeterministic(_ name: String) throws {
        let plain = try Self.report(name)
        let shuffled = try Self.report(name, shuffled: true)
        for (format, _) in Self.formats {
            #expect(format.renderer.render(plain) == format.renderer.render(shuffled), "\(format)")
        }
    }

    /// The Mermaid diagram in the markdown report parses in the flowchart subset, and says what the graph holds.
    @Test(arguments: cases)
    func mermaidDiagramParses(_ name: String) throws {
        let report = try Self.report(name)
        let markdown = MarkdownAuditRenderer().render(report)
        let start = try #require(markdown.range(of: "```mermaid\n"))
        let end = try #require(markdown.range(of: "```\n", range: start.upperBound..<markdown.endIndex))
        let diagram = String(markdown[start.upperBound..<end.lowerBound])
        let parsed = try MermaidSubset.parse(diagram)
        let graph = AccessGraph(report)
        #expect(parsed.edges.count == graph.edges.count)
        for node in graph.nodes { #expect(parsed.labels[node.id] == node.lines, "label of \(node.id)") }
        #expect(parsed.styledLinks == graph.edges.indices.filter { graph.edges[$0].risky })
        #expect(parsed.edges.map(\.thick) == graph.edges.map(\.risky))
        if !graph.summarised { #expect(parsed.edges.count == report.paths.count) }
    }

    @Test func findingsCaseCoversEveryKindOfFinding() throws {
        let report = try Self.report("findings")
        #expect(Set(report.findings.map(\.kind)) == Set(AuditFinding.Kind.allCases))
        #expect(report.paths.contains { $0.risk != nil })
    }

    @Test func csvHasAHeaderRowAndOneRowPerPath() throws {
        let report = try Self.report("findings")
        let rows = CSVAuditRenderer().render(report).components(separatedBy: "\r\n").dropLast()
        #expect(rows.first == CSVAuditRenderer.header.joined(separator: ","))
        // The partner name holds a comma and quotes: its rows are quoted, and a formula is defused.
        #expect(rows.contains { $0.contains("\"'=HYPERLINK(\"\"x\"\") Agency, \"\"Blue\"\" #1 `tick`\"") })
        #expect(rows.count == report.paths.count + 1)
    }
}
