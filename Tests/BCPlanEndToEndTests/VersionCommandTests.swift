import BCPlanCore
import Foundation
import Testing

/// `bcplan --version`: the version, then the commit the build embedded, or why it is unknown.
@Suite struct VersionCommandTests {
    @Test func versionNamesTheCommitTheBuildWasGivenOrSaysItIsUnknown() throws {
        let outcome = try BinaryRunner.run(["--version"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Package.swift reads BCPLAN_COMMIT from the environment `swift build` ran in, which is
        // the one `swift test` runs the tests in.
        let commit = ProcessInfo.processInfo.environment["BCPLAN_COMMIT"].flatMap { $0.isEmpty ? nil : $0 }
        let expected = "\(BCPlanVersion.current) (commit \(commit ?? "unknown: built without BCPLAN_COMMIT"))\n"
        #expect(outcome.stdout == expected)
        #expect(outcome.stderr.isEmpty)
    }

    @Test func everySubcommandPrintsTheSameVersionLine() throws {
        let top = try BinaryRunner.run(["--version"])
        for command in ["validate", "plan", "apply"] {
            let outcome = try BinaryRunner.run([command, "--version"])
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            #expect(outcome.stdout == top.stdout, "\(command)")
        }
    }
}
