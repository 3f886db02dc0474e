import BCPlanYAML
import Foundation

/// One piece of declared access as `bcplan review` lists it: a member or a partner with the
/// grants or shares reviewed along with it, or a grant or share that names its own owner or
/// review date and so is reviewed on its own.
public struct ReviewEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case partner, share, member, grant

        /// Listing order: access given to other Business Centers first.
        var rank: Int { Self.allCases.firstIndex(of: self)! }
    }

    /// An asset and the permission held on it.
    public struct Holding: Sendable, Hashable {
        public var asset: PlanAssetRef
        public var permission: Permission

        /// `us-main (ad_account 7100000000000000001): operator`.
        public var display: String { "\(asset.display): \(permission)" }
    }

    public var kind: Kind
    /// The member's e-mail in lower case, for a member or a grant.
    public var member: String?
    public var roles: MemberRoles?
    /// The partner's Business Center id, for a partner or a share.
    public var partner: String?
    public var partnerName: String?
    /// What a grant or share gives.
    public var holding: Holding?
    /// The grants or shares reviewed with a member or partner, by asset.
    public var covers: [Holding]
    /// Its own terms within its member's or partner's (`AccessTerms.within`).
    public var terms: AccessTerms
    /// Where the entry is declared.
    public var location: SourceLocation

    /// `partner Blue Agency (7000000000000000099)`, `member ben@acme.example (standard)`,
    /// `grant of us-main (ad_account 7100000000000000001) to ben@acme.example: operator`.
    public var subject: String {
        switch kind {
        case .member: "member \(member ?? "") (\(roles?.description ?? ""))"
        case .partner: "partner \(ActionNames.partner(partner ?? "", name: partnerName))"
        case .grant: "grant of \(holding?.asset.display ?? "") to \(member ?? ""): \(holding?.permission.description ?? "")"
        case .share: "share of \(holding?.asset.display ?? "") with partner \(ActionNames.partner(partner ?? "", name: partnerName)): \(holding?.permission.description ?? "")"
        }
    }

    /// When the next review is due: the last review plus `everyDays`; nil when never reviewed.
    public func dueOn(everyDays: Int) -> Date? {
        terms.reviewed.map { $0.date.addingTimeInterval(Double(everyDays) * 86_400) }
    }

    /// Sort key: kind, subject, place in the file.
    var sortKey: (Int, String, SourceLocation) { (kind.rank, subject.lowercased(), location) }
}
