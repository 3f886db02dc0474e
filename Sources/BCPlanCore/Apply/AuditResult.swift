/// How one action ended, as the audit log records it.
public enum AuditResult: String, Sendable, Hashable, CaseIterable {
    case succeeded
    case failed
    /// Not attempted: an action it depends on failed.
    case skipped
    /// The provider cannot perform it; a person has to (the plan lists the steps).
    case manual
}
