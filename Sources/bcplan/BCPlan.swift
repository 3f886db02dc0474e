import ArgumentParser
import BCPlanCore
import Foundation

@main
struct BCPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcplan",
        abstract: "Access management as code for TikTok Business Center.",
        discussion: """
            Exit codes: 0 success; 1 an error, a policy violation or a failed action; \
            2 changes present (plan --detailed-exitcode, refresh --detailed-exitcode: drift recorded); 64 a usage error; \
            130 / 143 an apply or a refresh stopped by SIGINT / SIGTERM, leaving the state whole.
            """,
        version: BCPlanVersion.line,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, RefreshCommand.self,
            ExportCommand.self, AuditCommand.self, ReviewCommand.self, HistoryCommand.self,
            DoctorCommand.self, LogCommand.self, ForceUnlockCommand.self, StateCommand.self, SchemaCommand.self, MockCommand.self,
        ]
    )

    /// Ignores SIGXFSZ first: past a file-size limit (`ulimit -f`) a write should fail with EFBIG and
    /// be reported like a full disk, not kill the process between two writes. Runs the command as
    /// swift-argument-parser's `main` does; every command's error ends here (`Output.exit(with:)`,
    /// which leaves help and usage errors to `CommandLineHelp`: examples in help, the nearest
    /// command for a mistyped one).
    static func main() async {
        signal(SIGXFSZ, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Output.exit(with: error, arguments: arguments)
        }
    }
}

extension BCPlan: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan validate", "Check bcplan.yaml and print every problem as file:line:col."),
        ("bcplan plan --out plan.json", "Show the changes the Business Center needs, and save them for review."),
        ("bcplan apply plan.json", "Carry out exactly the reviewed plan."),
    ]
}
