import Foundation
import Testing

@Suite struct AuditCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test(arguments: ["text", "markdown", "csv", "json", "dot"])
    func everyFormatPrintsTheReportAndWritesNothing(_ format: String) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["audit", "--format", format], in: folder, environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        switch format {
        case "text": #expect(outcome.stdout.hasPrefix("Access audit of Northwind Outdoor (7301846290153840001)\n"))
        case "markdown": #expect(outcome.stdout.contains("\n```mermaid\nflowchart LR\n"))
        case "csv": #expect(outcome.stdout.hasPrefix("asset_type,asset_id,asset_key,asset_name,asset_owner_bc_id,principal_type,principal,principal_name,principal_status,via,permission,risk\r\n"))
        case "json":
            let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            #expect(document["format_version"] as? Int == 1)
            #expect((document["access"] as? [Any])?.count == 41)
        default: #expect(outcome.stdout.hasPrefix("digraph access {\n"))
        }
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    /// `-c DIR`: every config audited, grouped, with a total; a broken one fails alone (exit 1).
    @Test func aDirectoryIsAuditedPerBusinessCenter() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (example, store, name) in [("brand-with-agency", "northwind.mock.json", "northwind.yaml"),
                                       ("agency-side", "blueharbor.mock.json", "blueharbor.yaml")] {
            let source = BinaryRunner.repositoryRoot.appendingPathComponent("examples/\(example)")
            try FileManager.default.copyItem(at: source.appendingPathComponent(store), to: folder.appendingPathComponent(store))
            try FileManager.default.copyItem(at: source.appendingPathComponent("bcplan.yaml"), to: folder.appendingPathComponent(name))
        }
        try BinaryRunner.write("version: 1\n", "broken.yaml", in: folder)
        let text = try BinaryRunner.run(["audit", "-c", "."], in: folder, environment: Self.now)
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("== blueharbor.yaml: Blue Harbor Media (7290041187356620001) ==\n\nAccess audit of Blue Harbor Media"), "\(text.stdout)")
        #expect(text.stdout.contains("== northwind.yaml: Northwind Outdoor (7301846290153840001) ==\n\nAccess audit of Northwind Outdoor"))
        #expect(text.stdout.hasSuffix("Total: 3 Business Centers: 2 audited, 1 failed (broken.yaml).\n"), "\(text.stdout)")
        #expect(text.stderr.contains("broken.yaml:1:1: error: missing required key 'business_center'"))
        let json = try BinaryRunner.run(["audit", "-c", ".", "--format", "json"], in: folder, environment: Self.now)
        #expect(json.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["audits"] as? [Any])?.count == 2)
        #expect((document["failures"] as? [[String: Any]])?.first?["config"] as? String == "./broken.yaml" || (document["failures"] as? [[String: Any]])?.first?["config"] as? String == "broken.yaml")
        let csv = try BinaryRunner.run(["audit", "-c", ".", "--format", "csv"], in: folder, environment: Self.now)
        #expect(csv.status == 64)
        #expect(csv.stderr == "error: with -c DIR, audit prints text, markdown or json; run --format csv on each config file\n")
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let outcome = try BinaryRunner.run(["audit", "--format", "yaml", "-c", "examples/agency-side/bcplan.yaml"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("yaml"))
    }

    @Test func aMissingConfigIsAnError() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["audit"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("bcplan.yaml: error:") || outcome.stderr.contains("bcplan.yaml"))
    }
}
