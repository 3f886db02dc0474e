/// A partner Business Center as a snapshot records it.
public struct PartnerRecord: Sendable, Hashable, Encodable {
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

    enum CodingKeys: String, CodingKey {
        case name, status, shares
        case bcID = "bc_id"
        case mediaAgency = "media_agency"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bcID, forKey: .bcID)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(mediaAgency, forKey: .mediaAgency)
        try container.encode(shares, forKey: .shares)
    }
}
