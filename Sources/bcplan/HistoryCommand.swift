import ArgumentParser
import BCPlanCore
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show who could reach what, by which path, and when, from the recorded state's history.",
        discussion: """
            Replays every write of the recorded state (each apply outcome, each refresh): each interval of \
            access says when it began and ended and why (an action of an apply, a change made outside bcplan \
            first seen by a refresh or an apply, the first record). Times are a day (its start in UTC) or an \
            RFC 3339 time; --at gives the access held at that moment, --since and --until the access held at \
            any time in between. Reads only the state store.
            """
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "Only this member's access (an e-mail).")
    var member: String?

    @Option(help: "Only this partner's access (a Business Center id).")
    var partner: String?

    @Option(help: "Only access to this asset (a key of the config, or an asset id).")
    var asset: String?

    @Option(help: "The access held at this moment.")
    var at: String?

    @Option(help: "The access held at any time from this moment on.")
    var since: String?

    @Option(help: "The access held at any time before this moment.")
    var until: String?

    @Option(help: "text, json or csv.")
    var format: HistoryFormat = .text

    func run() throws {
        let request = HistorySession.Request(
            configPath: config.path,
            query: HistoryQuery(member: member, partner: partner, asset: asset, at: at, since: since, until: until),
            format: format, environment: ProcessInfo.processInfo.environment)
        try Output.end(HistorySession.run(request, output: Output.streams))
    }
}

extension HistoryCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan history --asset nw-us --at 2027-01-15", "Who could reach the asset nw-us at the start of that day."),
        ("bcplan history --partner 7310022334455660003", "Everything the partner ever held, and when and why it ended."),
        ("bcplan history --since 2027-01-01 --until 2027-02-01 --format csv", "All access held in January, for a spreadsheet."),
    ]
}
