/// How one action ended, as the audit log records it.
public enum AuditResult: String, Sendable, Hashable, CaseIterable {
    case succeeded
    case failed
    /// Not attempted: something it depends on failed or was skipped, or the run stopped.
    case skipped
    /// The provider cannot perform it; a person has to (the plan lists the steps).
    case manual
}
