/// Turns an access report into text for one audience, like `PlanRenderer` does for plans.
public protocol AuditRenderer {
    func render(_ report: AccessReport) -> String
}
