extension Snapshot {
    /// Only the objects `keys` name, in this snapshot's order. Looks at every object once, by
    /// index and without copying the ones it passes over (the mock calls this per request at the
    /// platform's maximum size).
    func subset(_ keys: Set<SnapshotObjectKey>) -> Snapshot {
        var subset = Snapshot(businessCenter: businessCenter)
        var emails: [String: Int] = [:]
        var partnerIDs = Set<String>()
        var assetIDs = Set<String>()
        for key in keys {
            switch key.kind {
            case .member: emails[key.id] = key.id.utf8.count
            case .partner: partnerIDs.insert(key.id)
            case .asset: assetIDs.insert(String(key.id.drop { $0 != ":" }.dropFirst()))
            }
        }
        let lengths = Set(emails.values)
        if !emails.isEmpty {
            for index in members.indices where lengths.contains(members[index].email.utf8.count) {
                if emails[members[index].email.lowercased()] != nil { subset.members.append(members[index]) }
            }
        }
        if !partnerIDs.isEmpty {
            for index in partners.indices where partnerIDs.contains(partners[index].bcID) {
                subset.partners.append(partners[index])
            }
        }
        if !assetIDs.isEmpty {
            for index in assets.indices where assetIDs.contains(assets[index].id)
                && keys.contains(.asset(AssetRef(type: assets[index].type, id: assets[index].id))) {
                subset.assets.append(assets[index])
            }
        }
        return subset
    }
}
