/// The access history as one CSV table (RFC 4180, CRLF line ends, a header row), one interval a
/// row, cells escaped as the audit's CSV escapes them.
public struct CSVHistoryRenderer: HistoryRenderer {
    public static let header = [
        "asset_type", "asset_id", "asset_key", "principal_type", "principal", "principal_name", "principal_status", "via",
        "permission", "from", "from_cause", "from_action", "from_actor", "until", "until_cause", "until_action", "until_actor",
    ]

    public init() {}

    public func render(_ history: AccessHistory) -> String {
        var out = CSVAuditRenderer.row(Self.header)
        for interval in history.intervals {
            let path = interval.path
            let end = interval.end
            out += CSVAuditRenderer.row([
                path.asset.type.rawValue, path.asset.id, history.keys[path.asset] ?? "", path.principalKind.rawValue,
                path.principalID, path.principalName ?? "", path.status.rawValue, path.route.rawValue,
                path.permission.map { $0.values.joined(separator: " ") } ?? "full",
                interval.start.timeText, interval.start.causeName, interval.start.action ?? "", interval.start.actor,
                end.map(\.timeText) ?? "", end?.causeName ?? "", end?.action ?? "", end?.actor ?? "",
            ])
        }
        return out
    }
}
