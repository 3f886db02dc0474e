import BCPlanYAML

extension PlanBuilder {
    /// Ownership and access: `transfer` where the owner differs from the declared one,
    /// `request_access` where our access to another BC's asset is missing or lower than declared.
    mutating func planAssets() {
        for asset in config.assets {
            let ref = AssetRef(type: asset.type, id: asset.id)
            let live = liveAssets[ref]
            if let declaredOwner = asset.owner {
                planForeignAsset(asset, ref: ref, live: live, declaredOwner: declaredOwner)
                continue
            }
            guard let live else {
                unavailableAssets.insert(asset.key)
                report(.assetMissing(key: asset.key, asset: ref.description), at: asset.location)
                continue
            }
            guard live.ownerBCID != ownID else { continue }
            let source = asset.location.description
            report(.transferPlanned(key: asset.key, asset: ref.description, owner: describePartner(live.ownerBCID)), at: asset.location,
                   about: WarningSubject(asset: asset.key))
            add(.transfer(asset: planAsset(ref), from: live.ownerBCID, to: ownID, direction: .incoming),
                reason: "declared as owned by this Business Center at \(source); owned by \(describePartner(live.ownerBCID))",
                source: source,
                manual: options.capabilities.canTransfer ? nil : ManualSteps(steps: [
                    "Ask an admin of Business Center \(describePartner(live.ownerBCID)) to open Business Center > Assets and select \(ref).",
                    "Transfer it to Business Center \(ownID).",
                    "In this Business Center, accept the transfer under Business Center > Requests.",
                ]))
        }
    }

    private mutating func planForeignAsset(
        _ asset: AssetDeclaration, ref: AssetRef, live: AssetRecord?, declaredOwner: String
    ) {
        let source = asset.location.description
        if let live, live.ownerBCID == ownID {
            // We own it but the config says another BC should: hand it over.
            handedOver.insert(ref)
            add(.transfer(asset: planAsset(ref), from: ownID, to: declaredOwner, direction: .handOver),
                reason: "declared as owned by \(describePartner(declaredOwner)) at \(source); owned by this Business Center",
                source: source,
                manual: options.capabilities.canTransfer ? nil : ManualSteps(steps: [
                    "In this Business Center open Business Center > Assets and select \(ref).",
                    "Transfer it to Business Center \(describePartner(declaredOwner)) and ask its admin to accept.",
                ]))
            return
        }
        if let live, live.ownerBCID != declaredOwner {
            report(.ownerMismatch(key: asset.key, asset: ref.description, owner: describePartner(live.ownerBCID), declared: describePartner(declaredOwner)),
                   at: asset.location, about: WarningSubject(asset: asset.key))
            unavailableAssets.insert(asset.key)
            return
        }
        if live != nil {
            report(.foreignAsset(key: asset.key, asset: ref.description, owner: describePartner(declaredOwner)), at: asset.location,
                   about: WarningSubject(asset: asset.key))
        }
        guard let wanted = asset.access else {
            if live?.access == nil { unavailableAssets.insert(asset.key) }
            return
        }
        let held = live?.access
        if let held, held.covers(wanted, for: asset.type) { return }
        if held == nil { unavailableAssets.insert(asset.key) }
        if let requested = live?.requested, requested.covers(wanted, for: asset.type) {
            report(.accessRequested(key: asset.key, access: wanted, owner: describePartner(declaredOwner)), at: asset.location)
            return
        }
        add(.requestAccess(asset: planAsset(ref), owner: declaredOwner, held: held, wanted: wanted),
            reason: "declared access \(wanted) at \(source); this Business Center has \(held?.description ?? "no access")",
            source: source,
            manual: options.capabilities.canRequestAccess ? nil : ManualSteps(steps: [
                "Ask an admin of Business Center \(describePartner(declaredOwner)) to share \(ref) with Business Center \(ownID) as \(wanted).",
            ]))
    }
}
