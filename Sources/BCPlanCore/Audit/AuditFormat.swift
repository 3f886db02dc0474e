/// How `audit` prints its report.
public enum AuditFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case csv
    case json
    case dot

    public var renderer: AuditRenderer {
        switch self {
        case .text: TextAuditRenderer()
        case .markdown: MarkdownAuditRenderer()
        case .csv: CSVAuditRenderer()
        case .json: JSONAuditRenderer()
        case .dot: DotAuditRenderer()
        }
    }
}
