/// One member, partner or asset of a snapshot, with its key.
public enum SnapshotObject: Sendable, Hashable {
    case member(MemberRecord)
    case partner(PartnerRecord)
    case asset(AssetRecord)

    public var key: SnapshotObjectKey {
        switch self {
        case .member(let member): .member(member.normalizedEmail)
        case .partner(let partner): .partner(partner.bcID)
        case .asset(let asset): .asset(asset.ref)
        }
    }

    /// The record as the snapshot document writes it.
    public var json: JSONValue {
        switch self {
        case .member(let member): member.json
        case .partner(let partner): partner.json
        case .asset(let asset): asset.json
        }
    }

    /// Reads a record of `kind` (as `json` wrote it).
    public init(kind: SnapshotObjectKey.Kind, json: JSONValue, path: String) throws(JSONShapeError) {
        switch kind {
        case .member: self = .member(try MemberRecord(json: json, path: path))
        case .partner: self = .partner(try PartnerRecord(json: json, path: path))
        case .asset: self = .asset(try AssetRecord(json: json, path: path))
        }
    }
}
