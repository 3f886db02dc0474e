import ArgumentParser
import BCPlanCore
import Foundation

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List declared access due for review, grouped by the owner who vouches for it.",
        discussion: """
            An entry is due when its last review (reviewed:) is older than policy.review_every_days \
            (default 90), or when it was never reviewed. Members and partners are entries; a grant or \
            share is reviewed with its member or partner unless it names its own owner or reviewed. \
            Access that expired but is still declared is listed apart. Reads only the config; the time \
            is BCPLAN_NOW when set. markdown is ready to paste into an issue. With -c DIR every config \
            in the directory is reviewed.
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "text, markdown or json.")
    var format: ReviewFormat = .text

    @Flag(help: "Exit 2 when anything is due for review, 0 when nothing is.")
    var detailedExitcode = false

    func run() async throws {
        let request = ReviewSession.Request(
            configPath: config.path, format: format, detailedExitcode: detailedExitcode,
            environment: ProcessInfo.processInfo.environment)
        if ConfigDirectory.isDirectory(config.path) {
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.review(request))
        } else {
            try Output.end(ReviewSession.run(request, output: Output.streams))
        }
    }
}

extension ReviewCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan review", "What is due for review, by owner."),
        ("bcplan review --format markdown > review.md", "A task list to paste into an issue."),
        ("bcplan review -c business-centers --detailed-exitcode", "Every Business Center; exit 2 when anything is due."),
    ]
}
