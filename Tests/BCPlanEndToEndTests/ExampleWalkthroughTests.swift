import Foundation
import Testing

/// The walk-through in `examples/agency-campaign/README.md`, run as written: every `$ …` line of
/// its `console` blocks runs the built binary, in order, in one copy of the example folder, and
/// must print exactly the lines under it (and nothing on stderr).
@Suite struct ExampleWalkthroughTests {
    /// One command of a console block: its environment, its arguments and the output shown.
    struct Step {
        var environment: [String: String]
        var arguments: [String]
        var output: String
        var line: String
    }

    static func steps(in readme: String) -> [Step] {
        var steps: [Step] = []
        var inConsole = false
        for line in readme.components(separatedBy: "\n") {
            if line == "```console" {
                inConsole = true
                continue
            }
            guard inConsole else { continue }
            if line == "```" {
                inConsole = false
                continue
            }
            if line.hasPrefix("$ ") {
                var words = line.dropFirst(2).split(separator: " ").map(String.init)
                var environment: [String: String] = [:]
                while let first = words.first, first != "bcplan", let equals = first.firstIndex(of: "=") {
                    environment[String(first[..<equals])] = String(first[first.index(after: equals)...])
                    words.removeFirst()
                }
                steps.append(Step(environment: environment, arguments: Array(words.dropFirst()), output: "", line: line))
            } else if !steps.isEmpty {
                steps[steps.count - 1].output += line + "\n"
            }
        }
        return steps
    }

    @Test func theAgencyCampaignWalkthroughPrintsWhatItsReadmeShows() throws {
        let readme = try String(
            contentsOf: BinaryRunner.repositoryRoot.appendingPathComponent("examples/agency-campaign/README.md"), encoding: .utf8)
        let steps = Self.steps(in: readme)
        #expect(steps.count >= 6)
        let folder = try BinaryRunner.copyOfExample("agency-campaign")
        defer { try? FileManager.default.removeItem(at: folder) }
        for step in steps {
            #expect(step.line.contains(" bcplan "), "every step runs bcplan: \(step.line)")
            let outcome = try BinaryRunner.run(step.arguments, in: folder, environment: step.environment)
            #expect(outcome.status == 0 || outcome.status == 2, "\(step.line): exit \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stderr == "", "\(step.line)")
            #expect(outcome.stdout == step.output, "\(step.line)")
        }
        // The walk-through ends with every campaign grant gone from the Business Center.
        let store = try BinaryRunner.read("northwind.mock.json", in: folder)
        #expect(!store.contains("7310022334455660003") && !store.contains("sam.okafor"))
    }
}
