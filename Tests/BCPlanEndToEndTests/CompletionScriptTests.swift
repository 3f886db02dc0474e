import Testing

/// `bcplan --generate-completion-script SHELL`, as the README documents it.
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheCommandsAndTheirOptions(shell: String) throws {
        let outcome = try BinaryRunner.run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for command in ["validate", "plan", "apply"] {
            #expect(outcome.stdout.contains(command), "\(shell) script lacks \(command)")
        }
        // fish names long options without their dashes: `-l 'jobs'`.
        for option in ["jobs", "detailed-exitcode", "auto-approve"] {
            let written = shell == "fish" ? "-l '\(option)'" : "--\(option)"
            #expect(outcome.stdout.contains(written), "\(shell) script lacks \(written)")
        }
    }
}
