/// The state of every object a plan's actions touch, as SHA-256 digests keyed by object
/// (`member:carla@acme.example`, `partner:7000000000000000099`, `asset:ad_account:7100000000000000001`),
/// so `apply` can tell whether one changed since the plan was made.
public enum PlanFingerprints {
    /// The digest of an object the Business Center does not hold.
    public static let absent = "absent"

    public static func compute(for actions: [PlanAction], in snapshot: Snapshot) -> [String: String] {
        let keys = Set(actions.flatMap(objectKeys))
        guard !keys.isEmpty else { return [:] }
        var digests: [String: String] = [:]
        for member in snapshot.members {
            let key = "member:" + member.normalizedEmail
            if keys.contains(key) { digests[key] = digest(member.json, sortedAssets: member.assets) }
        }
        for partner in snapshot.partners {
            let key = "partner:" + partner.bcID
            if keys.contains(key) { digests[key] = digest(partner.json, sortedAssets: partner.shares) }
        }
        for asset in snapshot.assets {
            let key = "asset:\(asset.type.rawValue):\(asset.id)"
            if keys.contains(key) { digests[key] = SHA256.hex(Array(asset.json.compact().utf8)) }
        }
        for key in keys where digests[key] == nil { digests[key] = absent }
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
