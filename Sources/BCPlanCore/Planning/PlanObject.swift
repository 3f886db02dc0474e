/// One object of the Business Center that an action is about: a member, a partner, an asset.
///
/// An action's id is its kind and these (`invite:carla@acme.example`,
/// `share:7000000000000000099:ad_account:7100000000000000001`), and a saved plan fingerprints these
/// (`member:carla@acme.example`, `asset:ad_account:7100000000000000001`): one rule for both.
public enum PlanObject: Sendable, Hashable {
    /// By e-mail in lower case.
    case member(String)
    /// By BC id: a partner of this Business Center.
    case partner(String)
    case asset(AssetRef)

    /// The object's part of an action id: `carla@acme.example`, `ad_account:7100000000000000001`.
    public var idPart: String {
        switch self {
        case .member(let email): email
        case .partner(let id): id
        case .asset(let ref): "\(ref.type.rawValue):\(ref.id)"
        }
    }

    /// The object's fingerprint key: `member:carla@acme.example`, `asset:ad_account:7100000000000000001`.
    public var key: String {
        switch self {
        case .member: "member:" + idPart
        case .partner: "partner:" + idPart
        case .asset: "asset:" + idPart
        }
    }
}
