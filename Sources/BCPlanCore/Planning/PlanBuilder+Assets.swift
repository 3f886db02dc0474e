import BCPlanYAML

extension PlanBuilder {
    /// Ownership and access: `transfer` where the owner differs from the declared one,
    /// `request_access` where our access to another BC's asset is missing or lower than declared.
    mutating func planAssets() {
        for asset in config.assets {
            let ref = AssetRef(type: asset.type, id: asset.id)
            let live = liveAssets[ref]
            let source = asset.location.description
            if let declaredOwner = asset.owner {
                planForeignAsset(asset, ref: ref, live: live, declaredOwner: declaredOwner)
                continue
            }
            guard let live else {
                unavailableAssets.insert(asset.key)
                report(.error, "asset '\(asset.key)' (\(ref)) is not in the Business Center; bcplan cannot create assets, only manage access to them", at: asset.location)
                continue
            }
            guard live.ownerBCID != ownID else { continue }
            report(.warning, "asset '\(asset.key)' (\(ref)) is owned by Business Center \(live.ownerBCID); a transfer to this Business Center is planned", at: asset.location)
            let id = "transfer:\(ref.type.rawValue):\(ref.id)"
            incomingTransfers[ref] = id
            add(PlanAction(
                id: id, kind: .transfer, partner: live.ownerBCID, asset: planAsset(ref),
                before: .object(["owner_bc_id": .string(live.ownerBCID)]),
                after: .object(["owner_bc_id": .string(ownID)]),
                reason: "declared as owned by this Business Center at \(source); owned by \(live.ownerBCID)",
                source: source, privilege: .grant,
                manual: options.capabilities.canTransfer ? nil : ManualSteps(steps: [
                    "Ask an admin of Business Center \(live.ownerBCID) to open Business Center > Assets and select \(ref).",
                    "Transfer it to Business Center \(ownID).",
                    "In this Business Center, accept the transfer under Business Center > Requests.",
                ]),
                phase: 0))
        }
    }

    private mutating func planForeignAsset(
        _ asset: AssetDeclaration, ref: AssetRef, live: AssetRecord?, declaredOwner: String
    ) {
        let source = asset.location.description
        if let live, live.ownerBCID == ownID {
            // We own it but the config says another BC should: hand it over.
            add(PlanAction(
                id: "transfer:\(ref.type.rawValue):\(ref.id)", kind: .transfer, partner: declaredOwner, asset: planAsset(ref),
                before: .object(["owner_bc_id": .string(ownID)]), after: .object(["owner_bc_id": .string(declaredOwner)]),
                reason: "declared as owned by \(declaredOwner) at \(source); owned by this Business Center",
                source: source, privilege: .reduce,
                manual: options.capabilities.canTransfer ? nil : ManualSteps(steps: [
                    "In this Business Center open Business Center > Assets and select \(ref).",
                    "Transfer it to Business Center \(declaredOwner) and ask its admin to accept.",
                ]),
                phase: 2))
            return
        }
        if let live, live.ownerBCID != declaredOwner {
            report(.warning, "asset '\(asset.key)' (\(ref)) is owned by Business Center \(live.ownerBCID), not \(declaredOwner) as declared", at: asset.location)
            unavailableAssets.insert(asset.key)
            return
        }
        if live != nil {
            report(.warning, "asset '\(asset.key)' (\(ref)) is owned by another Business Center (\(declaredOwner))", at: asset.location)
        }
        guard let wanted = asset.access else {
            if live?.access == nil { unavailableAssets.insert(asset.key) }
            return
        }
        let held = live?.access
        if let held, held.covers(wanted, for: asset.type) { return }
        if held == nil { unavailableAssets.insert(asset.key) }
        if let requested = live?.requested, requested.covers(wanted, for: asset.type) {
            report(.info, "access \(wanted) to '\(asset.key)' was requested from \(declaredOwner) and waits for its approval", at: asset.location)
            return
        }
        add(PlanAction(
            id: "request_access:\(ref.type.rawValue):\(ref.id)", kind: .requestAccess, partner: declaredOwner,
            asset: planAsset(ref),
            before: .object(["access": permissionJSON(held)]), after: .object(["access": permissionJSON(wanted)]),
            reason: "declared access \(wanted) at \(source); this Business Center has \(held?.description ?? "no access")",
            source: source, privilege: .grant,
            manual: options.capabilities.canRequestAccess ? nil : ManualSteps(steps: [
                "Ask an admin of Business Center \(declaredOwner) to share \(ref) with Business Center \(ownID) as \(wanted).",
            ]),
            phase: 0))
    }
}
