/// The state of every object a plan's actions touch, as SHA-256 digests keyed by object
/// (`member:carla@acme.example`, `partner:7000000000000000099`, `asset:ad_account:7100000000000000001`),
/// so `apply` can tell whether one changed since the plan was made.
public enum PlanFingerprints {
    /// The digest of an object the Business Center does not hold.
    public static let absent = "absent"

    public static func compute(for actions: [PlanAction], in snapshot: Snapshot) -> [String: String] {
        // The touched objects by kind, so the snapshot's 15,000 records are matched without
        // building a key for each (only the few hundred touched get one).
        var members: Set<String> = []
        var partners: Set<String> = []
        var assets: Set<AssetRef> = []
        for action in actions {
            for object in action.change.objects {
                switch object {
                case .member(let email): members.insert(email)
                case .partner(let id): partners.insert(id)
                case .asset(let ref): assets.insert(ref)
                }
            }
        }
        guard !(members.isEmpty && partners.isEmpty && assets.isEmpty) else { return [:] }
        var digests: [String: String] = [:]
        if !members.isEmpty {
            for member in snapshot.members {
                let email = member.normalizedEmail
                if members.contains(email) { digests[PlanObject.member(email).key] = digest(member.json, sortedAssets: member.assets) }
            }
        }
        if !partners.isEmpty {
            for partner in snapshot.partners where partners.contains(partner.bcID) {
                digests[PlanObject.partner(partner.bcID).key] = digest(partner.json, sortedAssets: partner.shares)
            }
        }
        if !assets.isEmpty {
            for asset in snapshot.assets {
                let ref = AssetRef(type: asset.type, id: asset.id)
                if assets.contains(ref) { digests[PlanObject.asset(ref).key] = SHA256.hex(Array(asset.json.compact().utf8)) }
            }
        }
        let touched = members.map(PlanObject.member) + partners.map(PlanObject.partner) + assets.map(PlanObject.asset)
        for object in touched {
            let key = object.key
            if digests[key] == nil { digests[key] = absent }
        }
        return digests
    }

    /// The objects an action reads or changes (the same ones its id names).
    public static func objectKeys(_ action: PlanAction) -> [String] {
        action.change.objects.map(\.key)
    }

    /// Permission lists may come in any order from a provider; digest them sorted.
    private static func digest(_ json: JSONValue, sortedAssets: [AssetPermissionRecord]) -> String {
        guard case .object(var object) = json else { return SHA256.hex(Array(json.compact().utf8)) }
        let listKey = object["assets"] != nil ? "assets" : "shares"
        object[listKey] = .array(sortedAssets.sorted().map(\.json))
        return SHA256.hex(Array(JSONValue.object(object).compact().utf8))
    }
}
