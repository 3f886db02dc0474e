/// Whom a plan warning is about, in the config's terms, so an acknowledgement can name it: the
/// member's e-mail (lower case), the partner's BC id, the asset's key. Empty for a warning about
/// the whole Business Center.
public struct WarningSubject: Sendable, Hashable {
    public var member: String?
    public var partner: String?
    public var asset: String?

    public init(member: String? = nil, partner: String? = nil, asset: String? = nil) {
        self.member = member
        self.partner = partner
        self.asset = asset
    }

    /// `member ana@acme.example`, `partner 7000000000000000099`, `asset us-main`: those set, in that order.
    var fields: [String] {
        [member.map { "member \($0)" }, partner.map { "partner \($0)" }, asset.map { "asset \($0)" }].compactMap { $0 }
    }
}
