import ArgumentParser
import BCPlanCore
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes that bring the Business Center to the config.",
        discussion: "Reads the config, the recorded state and the live Business Center; writes nothing but --out."
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "Also write the plan as JSON to this file, for `bcplan apply PLAN.json`.")
    var out: String?

    @Option(help: "text, json or markdown.")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Flag(help: "Plan against the recorded state instead of reading the live Business Center.")
    var noRefresh = false

    @Flag(help: "Allow removing more than policy.max_revoke_fraction of members and partners.")
    var allowMassRevoke = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let plan: Plan
        do {
            plan = try await PlanSession.plan(PlanSession.Request(
                configPath: config.path, refresh: !noRefresh, allowMassRevoke: allowMassRevoke, environment: environment))
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
        let renderer = PlanRendering.renderer(format, terminal: isatty(1) == 1, environment: environment)
        Output.standard(renderer.render(plan))
        if plan.hasErrors {
            Output.error(PlanRendering.errorLines(plan))
            throw ExitCode(1)
        }
        if let out {
            do {
                try SavedPlan.write(plan, to: out)
            } catch {
                Output.error("error: cannot write the plan: \(error)\n")
                throw ExitCode(1)
            }
        }
        if detailedExitcode, plan.hasChanges { throw ExitCode(2) }
    }
}
