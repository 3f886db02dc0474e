import BCPlanYAML

extension PlanBuilder {
    /// Partnerships and their shares; removals of undeclared partners.
    mutating func planPartners() {
        var declared: Set<String> = []
        for partner in config.partners {
            declared.insert(partner.bcID)
            let live = livePartners[partner.bcID]
            var addID: String?
            if live == nil {
                let id = "add_partner:\(partner.bcID)"
                addID = id
                add(PlanAction(
                    id: id, kind: .addPartner, partner: partner.bcID,
                    after: .object(["name": partner.name.map(JSONValue.string) ?? .null, "media_agency": .bool(partner.mediaAgency)]),
                    reason: "declared at \(partner.location), not a partner yet", source: partner.location.description,
                    privilege: .grant, phase: 0))
            }
            planShares(partner, live: live, addID: addID)
        }
        for live in live.partners.sorted(by: { $0.bcID < $1.bcID })
        where !declared.contains(live.bcID) && config.policy.unmanaged == .revoke {
            if isProtected(live.bcID) {
                report(.error, "the plan would remove protected partner \(live.bcID) (policy.protected); declare it in \(configName) or set policy.unmanaged: keep", at: nil)
            }
            // Removing a partner drops its shares: none is planned one by one.
            add(PlanAction(
                id: "remove_partner:\(live.bcID)", kind: .removePartner, partner: live.bcID,
                before: .object(["name": live.name.map(JSONValue.string) ?? .null, "status": .string(live.status.rawValue),
                                 "shares": .int(live.shares.count)]),
                reason: "a partner in the Business Center, not declared in \(configName) (policy.unmanaged: revoke)",
                privilege: .reduce, phase: 2))
        }
    }

    private mutating func planShares(_ partner: PartnerDeclaration, live: PartnerRecord?, addID: String?) {
        let liveShares = Dictionary(
            (live?.shares ?? []).map { ($0.assetRef, $0.permission) }, uniquingKeysWith: { first, _ in first })
        var declaredRefs: Set<AssetRef> = []
        for grant in partner.shares {
            guard let asset = declaredAssets[grant.assetKey] else { continue }
            let ref = AssetRef(type: asset.type, id: asset.id)
            declaredRefs.insert(ref)
            if ref.type == .adAccount, grant.permission == .level("admin") {
                report(.warning, "partner \(partner.bcID) gets admin on ad account '\(grant.assetKey)': it can manage users and billing of that account", at: grant.location)
            }
            guard !unavailableAssets.contains(grant.assetKey) else { continue }
            let held = liveShares[ref]
            guard held != grant.permission else { continue }
            let privilege = privilege(from: held, to: grant.permission, type: ref.type)
            if privilege == .reduce, isProtected(partner.bcID) {
                report(.error, "the plan would lower protected partner \(partner.bcID)'s share of \(describe(ref)) (policy.protected)", at: grant.location)
            }
            var dependencies: [String] = []
            if let addID { dependencies.append(addID) }
            if let transfer = incomingTransfers[ref] { dependencies.append(transfer) }
            add(PlanAction(
                id: "share:\(partner.bcID):\(ref.type.rawValue):\(ref.id)", kind: .share, partner: partner.bcID,
                asset: planAsset(ref), before: held.map { .object(["permission": permissionJSON($0)]) } ?? .null,
                after: .object(["permission": permissionJSON(grant.permission)]), dependsOn: dependencies,
                reason: "declared at \(grant.location)\(held.map { "; the partner has \($0)" } ?? "")",
                source: grant.location.description, privilege: privilege,
                manual: options.capabilities.partnerShareTypes.contains(ref.type) ? nil : ManualSteps(steps: [
                    "In Business Center open Assets > \(ref.type.assetPage) and select \(ref.id).",
                    "Share it with partner \(partner.bcID)\(grant.permission == .level("use") ? "" : " with permission \(grant.permission)")\(held == nil ? "" : " (it has \(held!) now)").",
                ]),
                phase: privilege == .reduce ? 2 : 1))
        }
        let configuredRefs = Set(partner.shares.compactMap { grant in
            declaredAssets[grant.assetKey].map { AssetRef(type: $0.type, id: $0.id) }
        })
        for record in (live?.shares ?? []).sorted()
        where !declaredRefs.contains(record.assetRef) && !configuredRefs.contains(record.assetRef) {
            if isProtected(partner.bcID) {
                report(.error, "the plan would unshare \(describe(record.assetRef)) from protected partner \(partner.bcID) (policy.protected)", at: partner.location)
            }
            add(PlanAction(
                id: "unshare:\(partner.bcID):\(record.type.rawValue):\(record.id)", kind: .unshare, partner: partner.bcID,
                asset: planAsset(record.assetRef), before: .object(["permission": permissionJSON(record.permission)]),
                reason: "not declared for partner \(partner.bcID) at \(partner.location)",
                source: partner.location.description, privilege: .reduce, phase: 2))
        }
    }
}

private extension AssetType {
    /// The page of Business Center's Assets menu that lists assets of this type.
    var assetPage: String {
        switch self {
        case .adAccount: "Ad accounts"
        case .catalog: "Catalogs"
        case .tiktokAccount: "TikTok accounts"
        case .pixel: "Pixels"
        }
    }
}
