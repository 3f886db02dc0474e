/// Names one object of a snapshot: a member by lower-case e-mail, a partner by Business Center id,
/// an asset by type and id. Written `member:carla@acme.example`, `partner:7000…`,
/// `asset:ad_account:7100…`, the same keys as `PlanFingerprints` uses.
public struct SnapshotObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case member, partner, asset

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The snapshot document's list of this kind: "members", "partners", "assets".
        public var listKey: String {
            switch self {
            case .member: "members"
            case .partner: "partners"
            case .asset: "assets"
            }
        }
    }

    public var kind: Kind
    /// The e-mail (lower case), the partner's BC id, or `type:id` for an asset.
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// Reads `member:…`, `partner:…` or `asset:type:id`; nil for anything else.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        self.init(kind: kind, id: id)
    }

    public static func member(_ email: String) -> SnapshotObjectKey { SnapshotObjectKey(kind: .member, id: email.lowercased()) }
    public static func partner(_ bcID: String) -> SnapshotObjectKey { SnapshotObjectKey(kind: .partner, id: bcID) }
    public static func asset(_ ref: AssetRef) -> SnapshotObjectKey {
        SnapshotObjectKey(kind: .asset, id: "\(ref.type.rawValue):\(ref.id)")
    }

    /// The object an action names, as a snapshot holds it.
    public init(_ object: PlanObject) {
        switch object {
        case .member(let email): self = .member(email)
        case .partner(let id): self = .partner(id)
        case .asset(let ref): self = .asset(ref)
        }
    }

    public var description: String { "\(kind.rawValue):\(id)" }

    public static func < (lhs: SnapshotObjectKey, rhs: SnapshotObjectKey) -> Bool {
        (lhs.kind, lhs.id) < (rhs.kind, rhs.id)
    }
}
