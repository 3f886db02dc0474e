/// What changed in the Business Center since bcplan last recorded it, object by object.
public enum DriftDetector {
    public static func drift(recorded: Snapshot, live: Snapshot) -> [DriftEntry] {
        var entries: [DriftEntry] = []
        entries += compare(
            kind: "member", recorded: recorded.members, live: live.members, key: \.normalizedEmail,
            details: memberDetails)
        entries += compare(
            kind: "partner", recorded: recorded.partners, live: live.partners, key: \.bcID, details: partnerDetails)
        entries += compare(
            kind: "asset", recorded: recorded.assets, live: live.assets, key: { "\($0.type.rawValue):\($0.id)" },
            details: assetDetails)
        return entries.sorted()
    }

    private static func compare<T>(
        kind: String, recorded: [T], live: [T], key: (T) -> String, details: (T, T) -> [String]
    ) -> [DriftEntry] {
        let before = Dictionary(recorded.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(live.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [DriftEntry] = []
        for (id, old) in before {
            guard let new = after[id] else {
                entries.append(DriftEntry(objectKind: kind, objectID: id, change: .removed))
                continue
            }
            let changes = details(old, new)
            if !changes.isEmpty {
                entries.append(DriftEntry(objectKind: kind, objectID: id, change: .changed, details: changes.sorted()))
            }
        }
        for id in after.keys where before[id] == nil {
            entries.append(DriftEntry(objectKind: kind, objectID: id, change: .added))
        }
        return entries
    }

    private static func change<V: Equatable>(_ name: String, _ old: V, _ new: V, _ show: (V) -> String) -> [String] {
        old == new ? [] : ["\(name): \(show(old)) → \(show(new))"]
    }

    private static func optional<T: RawRepresentable>(_ value: T?) -> String where T.RawValue == String {
        value?.rawValue ?? "none"
    }

    private static func permissions(_ old: [AssetPermissionRecord], _ new: [AssetPermissionRecord], _ noun: String) -> [String] {
        let before = Dictionary(old.map { ($0.assetRef, $0.permission) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.assetRef, $0.permission) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for ref in Set(before.keys).union(after.keys).sorted() where before[ref] != after[ref] {
            lines.append("\(noun) \(ref): \(before[ref]?.description ?? "none") → \(after[ref]?.description ?? "none")")
        }
        return lines
    }

    private static func memberDetails(_ old: MemberRecord, _ new: MemberRecord) -> [String] {
        change("status", old.status, new.status, \.rawValue)
            + change("role", old.role, new.role, \.rawValue)
            + change("finance", old.finance, new.finance, optional)
            + permissions(old.assets, new.assets, "asset")
    }

    private static func partnerDetails(_ old: PartnerRecord, _ new: PartnerRecord) -> [String] {
        change("status", old.status, new.status, \.rawValue) + permissions(old.shares, new.shares, "share")
    }

    private static func assetDetails(_ old: AssetRecord, _ new: AssetRecord) -> [String] {
        change("owner", old.ownerBCID, new.ownerBCID, { $0 })
            + change("access", old.access, new.access, { $0?.description ?? "none" })
    }
}
