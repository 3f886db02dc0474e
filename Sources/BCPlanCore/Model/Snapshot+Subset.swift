extension Snapshot {
    /// Only the objects `keys` name, in this snapshot's order. Looks at every object once.
    func subset(_ keys: Set<SnapshotObjectKey>) -> Snapshot {
        Snapshot(
            businessCenter: businessCenter,
            members: members.filter { keys.contains(.member($0.normalizedEmail)) },
            partners: partners.filter { keys.contains(.partner($0.bcID)) },
            assets: assets.filter { keys.contains(.asset($0.ref)) })
    }
}
