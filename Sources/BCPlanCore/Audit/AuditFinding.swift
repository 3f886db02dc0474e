/// Something the audit points out about the Business Center, with the principal or asset it concerns.
public struct AuditFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case invitationPending = "invitation_pending"
        case invitationExhausted = "invitation_exhausted"
        case partnerPending = "partner_pending"
        case partnerAdminOnAdAccount = "partner_admin_on_ad_account"
        case foreignAsset = "foreign_asset"
        case tooFewAdmins = "too_few_admins"
        case tooManyAdmins = "too_many_admins"
        case memberWithoutAccess = "member_without_access"
    }

    public var kind: Kind
    public var severity: Severity
    /// The e-mail, partner BC id or asset (`ad_account 7…`) concerned; the Business Center id for counts.
    public var subject: String
    /// One sentence.
    public var message: String

    public init(_ kind: Kind, _ severity: Severity, subject: String, message: String) {
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.message = message
    }

    /// Display order: severity, kind, subject.
    var sortKey: (Severity, String, String) { (severity, kind.rawValue, subject.lowercased()) }
}
