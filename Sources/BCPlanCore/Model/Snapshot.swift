/// Everything bcplan knows of a Business Center at one moment (DESIGN §3): the mock store's content,
/// and the core of the recorded state. Read with `JSONReadable`, written with `Encodable`.
public struct Snapshot: Sendable, Hashable, Encodable {
    public var businessCenter: BusinessCenterInfo
    public var members: [MemberRecord]
    public var partners: [PartnerRecord]
    public var assets: [AssetRecord]

    public init(
        businessCenter: BusinessCenterInfo, members: [MemberRecord] = [], partners: [PartnerRecord] = [],
        assets: [AssetRecord] = []
    ) {
        self.businessCenter = businessCenter
        self.members = members
        self.partners = partners
        self.assets = assets
    }

    enum CodingKeys: String, CodingKey {
        case members, partners, assets
        case businessCenter = "business_center"
    }

    /// The same content in a canonical order: members by e-mail, partners by id, assets and
    /// permissions by type and id. Equal Business Centers give equal snapshots.
    public func normalized() -> Snapshot {
        var copy = self
        copy.members = members.map { member in
            var member = member
            member.assets.sort()
            return member
        }.sorted { $0.normalizedEmail < $1.normalizedEmail }
        copy.partners = partners.map { partner in
            var partner = partner
            partner.shares.sort()
            return partner
        }.sorted { $0.bcID < $1.bcID }
        copy.assets = assets.sorted { $0.ref < $1.ref }
        return copy
    }
}
