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
            2 changes present (plan --detailed-exitcode); 64 a usage error.
            """,
        version: BCPlanVersion.line,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, RefreshCommand.self,
            ExportCommand.self, AuditCommand.self, ReviewCommand.self, HistoryCommand.self,
            DoctorCommand.self, LogCommand.self, ForceUnlockCommand.self, StateCommand.self, SchemaCommand.self, MockCommand.self,
        ]
    )

    /// Ignores SIGXFSZ first: past a file-size limit (`ulimit -f`) a write should fail with EFBIG and
    /// be reported like a full disk, not kill the process between two writes. Every command's
    /// error ends here (`Output.exit(with:)`).
    static func main() async {
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Output.exit(with: error)
        }
    }
}
