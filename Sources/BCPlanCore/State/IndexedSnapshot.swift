/// A snapshot kept for recording: every object found by its key in constant time, so applying
/// one outcome's changes costs in proportion to the outcome, not to the Business Center.
///
/// Objects keep the order of the snapshot it was made from; new ones go at the end, as
/// `SnapshotEditor` puts them. Removed objects leave an empty slot, skipped when the snapshot is
/// written out (`snapshot`, the only step that costs the Business Center's size).
struct IndexedSnapshot: Sendable {
    private(set) var businessCenter: BusinessCenterInfo
    private var slots: [SnapshotObjectKey.Kind: Slots] = [:]

    private struct Slots: Sendable {
        var objects: [SnapshotObject?] = []
        var positions: [String: Int] = [:]
    }

    init(_ snapshot: Snapshot) {
        businessCenter = snapshot.businessCenter
        var members = Slots()
        members.objects.reserveCapacity(snapshot.members.count)
        for member in snapshot.members { Self.put(.member(member), in: &members) }
        var partners = Slots()
        for partner in snapshot.partners { Self.put(.partner(partner), in: &partners) }
        var assets = Slots()
        assets.objects.reserveCapacity(snapshot.assets.count)
        for asset in snapshot.assets { Self.put(.asset(asset), in: &assets) }
        slots = [.member: members, .partner: partners, .asset: assets]
    }

    subscript(key: SnapshotObjectKey) -> SnapshotObject? {
        guard let kind = slots[key.kind], let position = kind.positions[key.id] else { return nil }
        return kind.objects[position]
    }

    var counts: (members: Int, partners: Int, assets: Int) {
        (slots[.member]?.positions.count ?? 0, slots[.partner]?.positions.count ?? 0, slots[.asset]?.positions.count ?? 0)
    }

    mutating func apply(_ changes: SnapshotChanges) {
        if let center = changes.businessCenter { businessCenter = center }
        for key in changes.removed {
            guard let position = slots[key.kind]?.positions.removeValue(forKey: key.id) else { continue }
            slots[key.kind]?.objects[position] = nil
        }
        for object in changes.set {
            Self.put(object, in: &slots[object.key.kind, default: Slots()])
        }
    }

    /// Only the objects named (those present), in their order: what one action reads and changes.
    func subset(_ keys: [SnapshotObjectKey]) -> Snapshot {
        var subset = Snapshot(businessCenter: businessCenter)
        for key in Set(keys).sorted(by: { position(of: $0) < position(of: $1) }) {
            switch self[key] {
            case .member(let member)?: subset.members.append(member)
            case .partner(let partner)?: subset.partners.append(partner)
            case .asset(let asset)?: subset.assets.append(asset)
            case nil: continue
            }
        }
        return subset
    }

    /// Members and partners that hold `ref` (a transfer out takes it from all of them). Looks at
    /// every member and partner: only transfers need it.
    func holders(of ref: AssetRef) -> [SnapshotObjectKey] {
        var keys: [SnapshotObjectKey] = []
        for case let object? in (slots[.member]?.objects ?? []) + (slots[.partner]?.objects ?? []) {
            switch object {
            case .member(let member) where member.assets.contains(where: { $0.assetRef == ref }): keys.append(object.key)
            case .partner(let partner) where partner.shares.contains(where: { $0.assetRef == ref }): keys.append(object.key)
            default: continue
            }
        }
        return keys
    }

    /// The objects of one kind, in order.
    func objects(_ kind: SnapshotObjectKey.Kind) -> [SnapshotObject] {
        (slots[kind]?.objects ?? []).compactMap { $0 }
    }

    /// The whole snapshot, in order.
    var snapshot: Snapshot {
        var snapshot = Snapshot(businessCenter: businessCenter)
        for case .member(let member)? in slots[.member]?.objects ?? [] { snapshot.members.append(member) }
        for case .partner(let partner)? in slots[.partner]?.objects ?? [] { snapshot.partners.append(partner) }
        for case .asset(let asset)? in slots[.asset]?.objects ?? [] { snapshot.assets.append(asset) }
        return snapshot
    }

    private func position(of key: SnapshotObjectKey) -> Int {
        slots[key.kind]?.positions[key.id] ?? Int.max
    }

    private static func put(_ object: SnapshotObject, in slots: inout Slots) {
        let id = object.key.id
        if let position = slots.positions[id] {
            slots.objects[position] = object
        } else {
            slots.positions[id] = slots.objects.count
            slots.objects.append(object)
        }
    }
}
