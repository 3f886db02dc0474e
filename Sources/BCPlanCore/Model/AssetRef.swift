/// An asset's identity: its type and id (ids are unique per type).
public struct AssetRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var type: AssetType
    public var id: String

    public init(type: AssetType, id: String) {
        self.type = type
        self.id = id
    }

    /// `ad_account 7100000000000000001`.
    public var description: String { "\(type.rawValue) \(id)" }

    public static func < (lhs: AssetRef, rhs: AssetRef) -> Bool { (lhs.type, lhs.id) < (rhs.type, rhs.id) }
}
