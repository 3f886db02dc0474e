/// What one write changes in a snapshot: the objects set (added or replaced) and removed, and the
/// Business Center's own record when it changed. Its size is that of the change, not of the
/// Business Center, so recording it costs in proportion to the outcome (DESIGN §3).
public struct SnapshotChanges: Sendable, Hashable {
    /// Set when it differs from what the change applies to (always on a first write).
    public var businessCenter: BusinessCenterInfo?
    /// Added or replaced, new objects in the order the new snapshot holds them.
    public var set: [SnapshotObject]
    /// Sorted.
    public var removed: [SnapshotObjectKey]

    public init(businessCenter: BusinessCenterInfo? = nil, set: [SnapshotObject] = [], removed: [SnapshotObjectKey] = []) {
        self.businessCenter = businessCenter
        self.set = set
        self.removed = removed
    }

    public var isEmpty: Bool { businessCenter == nil && set.isEmpty && removed.isEmpty }

    /// What turns `old` (nil: nothing recorded yet) into `new`; each record is compared once, so
    /// this costs the size of both.
    public static func between(_ old: Snapshot?, _ new: Snapshot) -> SnapshotChanges {
        var before: [SnapshotObjectKey: SnapshotObject] = [:]
        if let old {
            before.reserveCapacity(old.members.count + old.partners.count + old.assets.count)
            for member in old.members { before[.member(member.normalizedEmail)] = .member(member) }
            for partner in old.partners { before[.partner(partner.bcID)] = .partner(partner) }
            for asset in old.assets { before[.asset(asset.ref)] = .asset(asset) }
        }
        var changes = SnapshotChanges()
        if old?.businessCenter != new.businessCenter { changes.businessCenter = new.businessCenter }
        func compare(_ object: SnapshotObject) {
            let key = object.key
            if before.removeValue(forKey: key) != object { changes.set.append(object) }
        }
        for member in new.members { compare(.member(member)) }
        for partner in new.partners { compare(.partner(partner)) }
        for asset in new.assets { compare(.asset(asset)) }
        changes.removed = before.keys.sorted()
        return changes
    }

    /// `{"business_center": …, "set": [{"member": {…}}, …], "remove": ["member:…", …]}` (the
    /// state journal's and the mock journal's form; `business_center` only when set).
    public var json: [String: JSONValue] {
        var object: [String: JSONValue] = [
            "set": .array(set.map { .object([$0.key.kind.rawValue: $0.json]) }),
            "remove": .array(removed.map { .string($0.description) }),
        ]
        if let businessCenter { object["business_center"] = businessCenter.json }
        return object
    }

    public init(json: [String: JSONValue], path: String) throws(JSONShapeError) {
        self.init()
        if let center = json["business_center"], center != .null {
            businessCenter = try BusinessCenterInfo(json: center, path: "\(path)business_center")
        }
        for (index, item) in (json["set"]?.arrayValue ?? []).enumerated() {
            guard case .object(let wrapper) = item, wrapper.count == 1, let (name, body) = wrapper.first,
                  let kind = SnapshotObjectKey.Kind(rawValue: name) else {
                throw JSONShapeError("expected {\"member\"|\"partner\"|\"asset\": {…}} at \(path)set[\(index)]")
            }
            set.append(try SnapshotObject(kind: kind, json: body, path: "\(path)set[\(index)].\(name)"))
        }
        for (index, item) in (json["remove"]?.arrayValue ?? []).enumerated() {
            guard let text = item.stringValue, let key = SnapshotObjectKey(text) else {
                throw JSONShapeError("expected an object key (member:…, partner:…, asset:type:id) at \(path)remove[\(index)]")
            }
            removed.append(key)
        }
    }
}
