import ArgumentParser
import BCPlanCore
import Foundation

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Record the live Business Center as the state and report drift.",
        discussion: """
            The state is written (its serial raised) only when what it records changes, so a plan saved \
            before a refresh that finds no drift stays applicable.

            With -c DIR, refreshes every config in DIR (--jobs at once), each under its own state lock, and \
            prints one group per Business Center, then a total line; the exit code is the worst of them.

            The first SIGINT (Ctrl-C) or SIGTERM cancels the read in flight and writes nothing (a state already \
            being written is written whole), releases the lock, says what happened and exits 130 (143 for SIGTERM); \
            with -c DIR, Business Centers not begun are reported as not started. A second one stops at once, \
            leaving the lock for the next run to take over.
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "text, or json: one document with the drift and the state of each Business Center (schema/refresh.schema.json).")
    var format: ReportFormat = .text

    @Flag(help: "Exit 2 when drift was recorded, 0 when there was none.")
    var detailedExitcode = false

    @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
    var lockTimeout: Seconds = Seconds(0)

    func run() async throws {
        // The first SIGINT or SIGTERM stops the refresh gracefully, the second at once.
        let stop = StopRequest()
        let watch = SignalWatch(
            stop, firstNotice: SignalWatch.refreshNotice, notice: { Output.streams.error($0) }, exitNow: { Output.exitImmediately($0) })
        defer { watch.cancel() }
        let request = RefreshSession.Request(
            configPath: config.path, lockTimeout: lockTimeout.value, environment: ProcessInfo.processInfo.environment, stop: stop)
        if ConfigDirectory.isDirectory(config.path) {
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.refresh(request, format: format, detailedExitcode: detailedExitcode))
        } else {
            try Output.end(await RefreshSession.run(request, format: format, detailedExitcode: detailedExitcode, output: Output.streams))
        }
    }
}

extension RefreshCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan refresh", "Record the live Business Center as the state, and report drift."),
        ("bcplan refresh --detailed-exitcode", "Exit 2 when drift was recorded (for a scheduled job)."),
        ("bcplan refresh -c business-centers --format json", "Refresh every config of a folder; one JSON document."),
    ]
}
