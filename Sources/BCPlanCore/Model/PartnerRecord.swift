/// A partner Business Center as a snapshot records it.
public struct PartnerRecord: Sendable, Hashable, Codable {
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

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bcID = try container.decode(String.self, forKey: .bcID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        status = try container.decode(MemberStatus.self, forKey: .status)
        mediaAgency = try container.decodeIfPresent(Bool.self, forKey: .mediaAgency) ?? false
        shares = try container.decodeIfPresent([AssetPermissionRecord].self, forKey: .shares) ?? []
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
