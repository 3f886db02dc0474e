import BCPlanYAML

/// One entry of `acknowledge:` (DESIGN §2): a plan warning a person has accepted, with why.
/// Plans print the warnings it matches as `info` with the reason; an entry that matches no
/// warning of a plan is itself a warning (`acknowledgement_stale`), so none outlives its cause.
public struct Acknowledgement: Sendable, Hashable {
    /// The warning's code (`PlanMessage.code`), e.g. `partner_admin`.
    public var warning: String
    /// Narrow it to warnings about this member (lower case), partner (BC id) or asset (key); an
    /// entry without them matches every warning of its code.
    public var subject: WarningSubject
    public var reason: String
    /// The entry in the list.
    public var location: SourceLocation

    public init(warning: String, subject: WarningSubject = WarningSubject(), reason: String, location: SourceLocation) {
        self.warning = warning
        self.subject = subject
        self.reason = reason
        self.location = location
    }

    /// True when the warning `code` about `subject` is this one: the same code, and every subject
    /// field the entry gives is the warning's.
    public func matches(code: String, about subject: WarningSubject) -> Bool {
        guard code == warning else { return false }
        if let member = self.subject.member, member != subject.member { return false }
        if let partner = self.subject.partner, partner != subject.partner { return false }
        if let asset = self.subject.asset, asset != subject.asset { return false }
        return true
    }

    /// `partner_admin (partner 7298450012736650002, asset nw-us)`.
    public var description: String {
        let fields = subject.fields
        return fields.isEmpty ? warning : "\(warning) (\(fields.joined(separator: ", ")))"
    }
}
