/// How a command that reports (`validate`, `log`) prints: for people, or one JSON document for
/// machines (`format_version` 1, published in `schema/`).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
}
