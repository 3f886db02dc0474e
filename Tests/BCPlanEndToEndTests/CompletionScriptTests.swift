import Testing

/// `bcplan --generate-completion-script SHELL`, as the README documents it.
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheCommandsAndTheirOptions(shell: String) throws {
        let outcome = try BinaryRunner.run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for word in ["validate", "plan", "apply", "--detailed-exitcode", "--jobs", "--auto-approve"] {
            #expect(outcome.stdout.contains(word), "\(shell) script lacks \(word)")
        }
    }
}
