/// Ownership and access to other Business Centers' assets.
extension SnapshotEditor {
    mutating func transfer(_ ref: AssetRef, to newOwner: String) throws(PlatformRuleViolation) {
        guard let index = assetIndex(ref) else { throw PlatformRuleViolation("\(ref) is not in the Business Center") }
        let owner = snapshot.assets[index].ownerBCID
        if enforcingRules, owner != ownID, newOwner != ownID {
            throw PlatformRuleViolation("\(ref) is owned by \(owner); this Business Center can only transfer its own assets or receive one")
        }
        snapshot.assets[index].ownerBCID = newOwner
        snapshot.assets[index].access = nil
        snapshot.assets[index].requested = nil
        guard newOwner != ownID else { return }
        // Handed over: this Business Center's members and partners lose it with the ownership.
        for member in snapshot.members.indices { snapshot.members[member].assets.removeAll { $0.assetRef == ref } }
        for partner in snapshot.partners.indices { snapshot.partners[partner].shares.removeAll { $0.assetRef == ref } }
    }

    mutating func requestAccess(_ ref: AssetRef, from owner: String, _ wanted: Permission) throws(PlatformRuleViolation) {
        try Self.checkValid(wanted, for: ref.type)
        guard let index = assetIndex(ref) else {
            // A first request: the asset becomes known, with the request pending.
            guard owner != ownID else {
                throw PlatformRuleViolation("request_access for \(ref) names no other Business Center as its owner")
            }
            snapshot.assets.append(AssetRecord(type: ref.type, id: ref.id, ownerBCID: owner, requested: wanted))
            return
        }
        if enforcingRules, snapshot.assets[index].ownerBCID == ownID {
            throw PlatformRuleViolation("\(ref) is owned by this Business Center; access is requested only from another one")
        }
        snapshot.assets[index].requested = wanted
    }
}
