/// Partnerships and their shares.
extension SnapshotEditor {
    mutating func addPartner(_ partner: String, name: String?, mediaAgency: Bool) {
        guard partnerIndex(partner) == nil else { return }
        snapshot.partners.append(PartnerRecord(bcID: partner, name: name, status: .pending, mediaAgency: mediaAgency))
    }

    /// Removing a partner ends all its shares with it.
    mutating func removePartner(_ partner: String) throws(PlatformRuleViolation) {
        guard let index = partnerIndex(partner) else {
            if enforcingRules { throw PlatformRuleViolation("\(partner) is not a partner of the Business Center") }
            return
        }
        snapshot.partners.remove(at: index)
    }

    mutating func share(_ ref: AssetRef, with partner: String, _ permission: Permission) throws(PlatformRuleViolation) {
        let index = try existingPartner(partner)
        try Self.checkValid(permission, for: ref.type)
        if enforcingRules {
            guard let asset = assetIndex(ref).map({ snapshot.assets[$0] }), asset.ownerBCID == ownID else {
                throw PlatformRuleViolation("\(ref) is not owned by this Business Center; only owned assets can be shared")
            }
        }
        snapshot.partners[index].shares = Self.setting(ref, to: permission, in: snapshot.partners[index].shares)
    }

    mutating func unshare(_ ref: AssetRef, from partner: String) throws(PlatformRuleViolation) {
        let index = try existingPartner(partner)
        snapshot.partners[index].shares = Self.setting(ref, to: nil, in: snapshot.partners[index].shares)
    }

    private func existingPartner(_ partner: String) throws(PlatformRuleViolation) -> Int {
        guard let index = partnerIndex(partner) else { throw PlatformRuleViolation("\(partner) is not a partner of the Business Center") }
        return index
    }
}
