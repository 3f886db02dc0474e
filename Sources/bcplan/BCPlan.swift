import ArgumentParser
import BCPlanCore

@main
struct BCPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcplan",
        abstract: "Access management as code for TikTok Business Center.",
        discussion: """
            Exit codes: 0 success; 1 an error, a policy violation or a failed action; \
            2 changes present (plan --detailed-exitcode); 64 a usage error.
            """,
        version: BCPlanVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, RefreshCommand.self,
            ExportCommand.self, AuditCommand.self,
            LogCommand.self, ForceUnlockCommand.self, SchemaCommand.self, MockCommand.self,
        ]
    )
}
