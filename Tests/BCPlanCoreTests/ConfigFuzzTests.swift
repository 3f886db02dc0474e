@testable import BCPlanCore
import Foundation
import Testing

/// The seeded mutation harness of issue 7: mutated example and error-fixture configs must never
/// crash the loader, and every rejection must be a located error (`ConfigInvariant`). Also reruns
/// the corpus kept in Fixtures/fuzz-corpus (inputs that once broke a rule, and the libFuzzer
/// corpus's most telling entries).
///
/// `BCPLAN_FUZZ_ITERATIONS` sets how many inputs (default 3,000: a few seconds); `BCPLAN_FUZZ_SEED`
/// the seed (default 7). `.ci/run` runs 100,000.
@Suite struct ConfigFuzzTests {
    static var seeds: [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files: [URL] = []
        let examples = root.appendingPathComponent("examples")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: examples.path))?.sorted() ?? [] {
            files.append(examples.appendingPathComponent(name).appendingPathComponent("bcplan.yaml"))
        }
        for name in Fixtures.cases(in: "errors") {
            files.append(Fixtures.root.appendingPathComponent("errors").appendingPathComponent(name).appendingPathComponent("bcplan.yaml"))
        }
        return files.compactMap { try? [UInt8](Data(contentsOf: $0)) }
    }

    static var corpus: [String] {
        let folder = Fixtures.root.appendingPathComponent("fuzz-corpus")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func theSeedsAreThere() {
        #expect(Self.seeds.count >= 30)
    }

    @Test func mutatedConfigsNeverCrashAndEveryRejectionIsLocated() {
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["BCPLAN_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 3_000
        let seed = environment["BCPLAN_FUZZ_SEED"].flatMap(UInt64.init) ?? 7
        var mutator = ConfigMutator(seed: seed, seeds: Self.seeds)
        var rejected = 0
        var readFromEvents = 0
        var failures: [String] = []
        let started = ContinuousClock.now
        for index in 0..<iterations {
            let input = mutator.next()
            var violations = ConfigInvariant.violations(of: input)
            // The config read from events is the tree's, or the event path declined.
            if let disagreement = ConfigEventDecoderTests.disagreement(input, path: "fuzz.yaml") {
                violations.append(disagreement)
            }
            if ConfigLoader.decodeFromEvents(bytes: input, path: "fuzz.yaml", limits: .default) != nil { readFromEvents += 1 }
            if !violations.isEmpty || ConfigLoader.decode(bytes: input, path: "fuzz.yaml").config == nil { rejected += 1 }
            guard !violations.isEmpty else { continue }
            failures.append("input \(index) (seed \(seed)): \(violations.joined(separator: "; "))\n  bytes: \(Data(input).base64EncodedString().prefix(400))")
            if failures.count >= 5 { break }
        }
        let elapsed = started.duration(to: .now)
        print("config fuzz: \(iterations) inputs (seed \(seed)), \(rejected) rejected, \(readFromEvents) read from events, \(failures.count) broke a rule, \(elapsed)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Mutations must mostly produce files the loader rejects, or the harness tests nothing.
        #expect(failures.count >= 5 || rejected * 2 > iterations)
    }

    @Test(arguments: corpus)
    func corpusEntryKeepsTheRules(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Fixtures.root.appendingPathComponent("fuzz-corpus").appendingPathComponent(name)))
        #expect(ConfigInvariant.violations(of: bytes) == [])
    }
}
