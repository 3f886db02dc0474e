/// Turns an access history into text for one audience, like `AuditRenderer` does for the audit.
public protocol HistoryRenderer {
    func render(_ history: AccessHistory) -> String
}
