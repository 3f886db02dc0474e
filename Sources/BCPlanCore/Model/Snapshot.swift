/// Everything bcplan knows of a Business Center at one moment (DESIGN §3): the mock store's content,
/// and the core of the recorded state. Read with `JSONReadable`, written through `json`.
public struct Snapshot: Sendable, Hashable {
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

    /// The top-level keys of a snapshot document; the state adds its own beside them.
    public var jsonMembers: [String: JSONValue] {
        [
            "business_center": businessCenter.json, "members": .array(members.map(\.json)),
            "partners": .array(partners.map(\.json)), "assets": .array(assets.map(\.json)),
        ]
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
