import ArgumentParser
import BCPlanCore
import Foundation

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Carry out a saved plan, or plan afresh and carry it out after approval.",
        discussion: """
            With PLAN.json (from `bcplan plan --out`), applies exactly that plan, refusing it when the config, \
            the state or an object it touches changed since. Without it, plans, shows the plan and asks for 'yes' \
            (or takes --auto-approve). The state is written after every action; each outcome goes to the audit log.
            """
    )

    @Argument(help: "A plan saved with `bcplan plan --out`.")
    var planFile: String?

    @Option(name: [.customShort("c"), .customLong("config")], help: "The config file (default: the saved plan's, else bcplan.yaml).")
    var config: String?

    @Flag(help: "Apply without asking (for pipelines, after the plan was reviewed).")
    var autoApprove = false

    @Option(help: "Provider calls at once.")
    var parallelism = 4

    @Flag(help: "Allow removing more than policy.max_revoke_fraction of members and partners.")
    var allowMassRevoke = false

    @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
    var lockTimeout: Seconds = Seconds(0)

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let console = TerminalConsole(environment: environment)
        let report: ApplyReport
        do {
            report = try await ApplySession.run(
                ApplySession.Request(
                    configPath: config, planPath: planFile, autoApprove: autoApprove, parallelism: parallelism,
                    allowMassRevoke: allowMassRevoke, lockTimeout: lockTimeout.value, environment: environment),
                console: console)
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
        Output.standard(report.text)
        if !report.succeeded { throw ExitCode(1) }
    }
}
