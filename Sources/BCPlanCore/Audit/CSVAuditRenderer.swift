/// The access paths as one CSV table (RFC 4180, CRLF line ends, a header row), for spreadsheets.
/// Findings are not rows of this table; the other formats list them.
///
/// A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so a name taken from the platform cannot execute.
public struct CSVAuditRenderer: AuditRenderer {
    public static let header = [
        "asset_type", "asset_id", "asset_key", "asset_name", "asset_owner_bc_id", "principal_type", "principal",
        "principal_name", "principal_status", "via", "permission", "risk",
    ]

    public init() {}

    public func render(_ report: AccessReport) -> String {
        var out = Self.row(Self.header)
        for path in report.paths {
            let asset = report.asset(path.asset)
            out += Self.row([
                path.asset.type.rawValue, path.asset.id, asset?.key ?? "", asset?.name ?? "", asset?.ownerBCID ?? "",
                path.principalKind.rawValue, path.principalID, path.principalName ?? "", path.status.rawValue,
                path.route.rawValue, path.permission.map { $0.values.joined(separator: " ") } ?? "full", path.risk ?? "",
            ])
        }
        return out
    }

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
