/// A partner Business Center as a snapshot records it.
public struct PartnerRecord: Sendable, Hashable {
    public var bcID: String
    public var name: String?
    public var status: MemberStatus
    public var mediaAgency: Bool
    /// Sorted by type, then id.
    public var shares: [AssetPermissionRecord]

    public init(
        bcID: String, name: String? = nil, status: MemberStatus, mediaAgency: Bool = false,
        shares: [AssetPermissionRecord] = []
    ) {
        self.bcID = bcID
        self.name = name
        self.status = status
        self.mediaAgency = mediaAgency
        self.shares = shares
    }

    public var json: JSONValue {
        .object([
            "bc_id": .string(bcID), "name": name.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "media_agency": .bool(mediaAgency), "shares": .array(shares.map(\.json)),
        ])
    }
}
