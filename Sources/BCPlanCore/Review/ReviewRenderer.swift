/// Turns an access review into text for one audience, like `AuditRenderer` does for the audit.
public protocol ReviewRenderer {
    func render(_ review: AccessReview) -> String
}
