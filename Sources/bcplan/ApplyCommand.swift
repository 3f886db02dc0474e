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

            With -c DIR, applies every config in DIR (--jobs at once), each under its own state lock: either \
            the plans that `bcplan plan -c DIR --out PLANS` saved (bcplan apply PLANS -c DIR), or fresh plans \
            with --auto-approve. Output is grouped by Business Center, then a total line; the exit code is the worst.

            The first SIGINT (Ctrl-C) or SIGTERM stops starting new actions, lets the calls in flight finish (up to \
            30 s), records the state and the audit log, releases the lock, prints what was done and what is left, and \
            exits 130 (143 for SIGTERM); a second one stops at once, leaving the lock for the next run to take over.
            """
    )

    @Argument(help: "A plan saved with `bcplan plan --out` (with -c DIR: the directory of plans it wrote).")
    var planFile: String?

    @Option(
        name: [.customShort("c"), .customLong("config")],
        help: "The config file (default: the saved plan's, else bcplan.yaml), or a directory of configs.")
    var config: String?

    @OptionGroup var jobs: JobsOption

    @Flag(help: "Apply without asking (for pipelines, after the plan was reviewed).")
    var autoApprove = false

    @Option(help: "Provider calls at once.")
    var parallelism = 4

    @Flag(help: "Allow removing more than policy.max_revoke_fraction of members and partners.")
    var allowMassRevoke = false

    @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
    var lockTimeout: Seconds = Seconds(0)

    @Option(help: "text, or json: one document with the outcome of every action (schema/apply.schema.json); the plan and progress then go to standard error.")
    var format: ReportFormat = .text

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // The first SIGINT or SIGTERM stops the apply gracefully, the second at once.
        let stop = StopRequest()
        let watch = SignalWatch(stop, notice: { Output.streams.error($0) }, exitNow: { Output.exitImmediately($0) })
        defer { watch.cancel() }
        let request = ApplySession.Request(
            configPath: config, planPath: planFile, autoApprove: autoApprove, parallelism: parallelism,
            allowMassRevoke: allowMassRevoke, lockTimeout: lockTimeout.value, environment: environment, stop: stop)
        if let config, ConfigDirectory.isDirectory(config) {
            let session = DirectorySession(directory: config, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.apply(request, plans: planFile, format: format))
            return
        }
        let console = TerminalConsole(environment: environment, stop: stop, showsOnStandardError: format == .json)
        try Output.end(await ApplySession.run(request, format: format, console: console, output: Output.streams))
    }
}

extension ApplyCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan apply", "Plan, show the plan, and carry it out after you type 'yes'."),
        ("bcplan apply plan.json", "Carry out exactly a saved, reviewed plan (refused when it is stale)."),
        ("bcplan apply plans -c business-centers --format json", "Carry out the saved plans of a folder; one JSON document of outcomes."),
    ]
}
