/// What the config calls the things an action touches, for people (DESIGN §4): display only,
/// never part of an action's id, fingerprints or checks. A saved plan carries them
/// (`partner_name`, the `key` of each asset an invitation grants), so `show` and `apply` name
/// things as the plan did.
public struct ActionNames: Sendable, Hashable {
    /// The partner's `name:` in the config, else the name the Business Center gives it; for a
    /// transfer or an access request, the other Business Center's when it is a partner.
    public var partner: String?
    /// The config's key of each asset an invitation or a resend grants, where the config declares it.
    public var grantKeys: [AssetRef: String]

    public init(partner: String? = nil, grantKeys: [AssetRef: String] = [:]) {
        self.partner = partner
        self.grantKeys = grantKeys
    }

    /// `Fjord Creative Studio (7310022334455660003)`, or the id alone when no name is known.
    public static func partner(_ id: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return id }
        return "\(name) (\(id))"
    }

    /// `us-main (ad_account 7100000000000000001)`, or `ad_account 7100000000000000001` without a key.
    public static func asset(_ ref: AssetRef, key: String?) -> String {
        PlanAssetRef(type: ref.type, id: ref.id, key: key).display
    }
}
