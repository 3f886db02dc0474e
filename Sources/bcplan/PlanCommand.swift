import ArgumentParser
import BCPlanCore
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes that bring the Business Center to the config.",
        discussion: """
            Reads the config, the recorded state and the live Business Center; writes nothing but --out.

            With -c DIR, plans every config in DIR (--jobs at once) and prints one group per Business Center \
            in file-name order, then a total line; the exit code is the worst of them (1, then 2, then 0). \
            --format json prints {"format_version": 1, "plans": [...], "failures": [...]}. --out then names a \
            directory that gets one <config name>.plan.json per config, and only when every one planned \
            without error (apply them with `bcplan apply PLANS -c DIR`).
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "Also write the plan as JSON to this file, for `bcplan apply PLAN.json` (with -c DIR: a directory of plans).")
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
        let request = PlanSession.Request(
            configPath: config.path, refresh: !noRefresh, allowMassRevoke: allowMassRevoke,
            environment: ProcessInfo.processInfo.environment)
        let presentation = PlanSession.Presentation(
            format: format, out: out, detailedExitcode: detailedExitcode, terminal: isatty(1) == 1)
        if ConfigDirectory.isDirectory(config.path) {
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.plan(request, presentation))
        } else {
            try Output.end(await PlanSession.run(request, presentation, output: Output.streams, exitWhileReferenced: Output.exitNow))
        }
    }
}

extension PlanCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan plan", "Compare bcplan.yaml with the live Business Center and print the changes."),
        ("bcplan plan --out plan.json --detailed-exitcode", "Save the plan for apply; exit 2 when there are changes."),
        ("bcplan plan -c business-centers --format markdown > plan.md", "One pull-request comment for a folder of configs."),
    ]
}
