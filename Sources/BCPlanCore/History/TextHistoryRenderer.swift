/// The access history for a terminal: per asset, each interval of access with when and why it
/// began and ended. Control characters in names are shown escaped.
public struct TextHistoryRenderer: HistoryRenderer {
    public init() {}

    public func render(_ history: AccessHistory) -> String {
        var out = ""
        func line(_ text: String = "") { out += TextPlanRenderer.clean(text) + "\n" }
        line("Access history of \(history.title): \(history.subjectWords), \(history.windowWords)")
        guard let first = history.firstRecord, let last = history.lastRecord else {
            line("Nothing is recorded yet: bcplan refresh or apply records the Business Center.")
            return out
        }
        line("Recorded from \(first.timeText) to \(last.timeText) "
            + "(\(history.revisions.counted("write")) of the state).")
        if history.windowPrecedesRecord {
            line("Before \(first.timeText) nothing is recorded: access held then is not known.")
        }
        guard !history.intervals.isEmpty else {
            line()
            line("No access \(history.windowWords == "over the whole record" ? "recorded" : history.windowWords).")
            return out
        }
        var current: AssetRef?
        for interval in history.intervals {
            if interval.key.asset != current {
                current = interval.key.asset
                line()
                line(history.display(interval.key.asset) + (history.names[interval.key.asset].map { " \"\($0)\"" } ?? ""))
            }
            let path = interval.path
            let who = path.principalName.map { "\(path.principal) \($0)" } ?? path.principal
            let pending = path.status == .pending ? " (pending)" : ""
            line("  \(path.route.words.padding(toLength: 13, withPad: " ", startingAt: 0)) \(who)  \(path.permissionText)\(pending)")
            line("      from   \(interval.start.timeText)  \(interval.start.words)")
            if let end = interval.end {
                line("      until  \(end.timeText)  \(end.words)")
            } else {
                line("      still held when last recorded")
            }
        }
        return out
    }
}
