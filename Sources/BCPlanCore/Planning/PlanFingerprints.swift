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
        // By index: a record is read where it lies and copied only when it is touched.
        if !members.isEmpty {
            for index in snapshot.members.indices {
                let email = snapshot.members[index].normalizedEmail
                guard members.contains(email) else { continue }
                let member = snapshot.members[index]
                digests[PlanObject.member(email).key] = digest(member.json, sortedAssets: member.assets)
            }
        }
        if !partners.isEmpty {
            for index in snapshot.partners.indices where partners.contains(snapshot.partners[index].bcID) {
                let partner = snapshot.partners[index]
                digests[PlanObject.partner(partner.bcID).key] = digest(partner.json, sortedAssets: partner.shares)
            }
        }
        if !assets.isEmpty {
            for index in snapshot.assets.indices {
                let ref = AssetRef(type: snapshot.assets[index].type, id: snapshot.assets[index].id)
                guard assets.contains(ref) else { continue }
                digests[PlanObject.asset(ref).key] = SHA256.hex(Array(snapshot.assets[index].json.compact().utf8))
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
