import BCPlanYAML

extension PlanBuilder {
    /// Partnerships and their shares; removals of undeclared partners.
    mutating func planPartners() {
        var declared: Set<String> = []
        for partner in config.partners {
            declared.insert(partner.bcID)
            let live = livePartners[partner.bcID]
            if hasEnded(partner.terms) {
                if let live { planExpiredPartner(partner, live: live) }
                continue
            }
            if live == nil {
                add(.addPartner(partner: partner.bcID, name: partner.name, mediaAgency: partner.mediaAgency),
                    reason: "declared at \(partner.location), not a partner yet" + partner.terms.vouching,
                    source: partner.location.description)
            }
            planShares(partner, live: live)
        }
        for live in live.partners.sorted(by: { $0.bcID < $1.bcID })
        where !declared.contains(live.bcID) && config.policy.unmanaged == .revoke {
            if isProtected(live.bcID) {
                report(.protectedPartnerRemoved(partner: describePartner(live.bcID), config: configName),
                       at: policyLocation("protected"))
            }
            // Removing a partner drops its shares: none is planned one by one.
            add(.removePartner(partner: live.bcID, name: live.name, status: live.status, shares: live.shares.count),
                reason: "a partner in the Business Center, not declared in \(configName) (policy.unmanaged: revoke)")
        }
    }

    private mutating func planShares(_ partner: PartnerDeclaration, live: PartnerRecord?) {
        let liveShares = AssetRefLookup(firstOf: (live?.shares ?? []).lazy.map { ($0.assetRef, $0.permission) })
        var declaredRefs = AssetRefLookup<Void>()
        var ended = AssetRefLookup<AccessTerms>()
        for grant in partner.shares {
            guard let asset = declaredAssets[grant.assetKey] else { continue }
            let ref = AssetRef(type: asset.type, id: asset.id)
            let terms = grant.terms.within(partner.terms)
            if hasEnded(terms) {
                ended.set(ref, terms)
                continue
            }
            declaredRefs.insert(ref)
            if ref.type == .adAccount, grant.permission == .level("admin") {
                report(.partnerGetsAdmin(partner: partner.bcID, name: partnerName(partner.bcID), key: grant.assetKey), at: grant.location,
                       about: WarningSubject(partner: partner.bcID, asset: grant.assetKey))
            }
            guard !unavailableAssets.contains(grant.assetKey) else { continue }
            let held = liveShares[ref]
            guard held != grant.permission else { continue }
            let change = PlanChange.share(partner: partner.bcID, asset: planAsset(ref), from: held, to: grant.permission)
            if change.privilege == .reduce, isProtected(partner.bcID) {
                report(.protectedPartnerLowered(partner: describePartner(partner.bcID), asset: describe(ref)), at: grant.location)
            }
            add(change, reason: "declared at \(grant.location)\(held.map { "; the partner has \($0)" } ?? "")" + terms.vouching,
                source: grant.location.description,
                manual: options.capabilities.partnerShareTypes.contains(ref.type) ? nil : ManualSteps(steps: [
                    "In Business Center open Assets > \(ref.type.assetPage) and select \(ref.id).",
                    "Share it with partner \(describePartner(partner.bcID))\(grant.permission == .level("use") ? "" : " with permission \(grant.permission)")\(held == nil ? "" : " (it has \(held!) now)").",
                ]))
        }
        let undeclared = (live?.shares ?? []).filter { !declaredRefs.contains($0.assetRef) }
        guard !undeclared.isEmpty else { return }
        var configuredRefs = AssetRefLookup<Void>()
        for grant in partner.shares {
            guard let asset = declaredAssets[grant.assetKey] else { continue }
            let ref = AssetRef(type: asset.type, id: asset.id)
            if !ended.contains(ref) { configuredRefs.insert(ref) }
        }
        for record in undeclared.sorted()
        where !configuredRefs.contains(record.assetRef) && !handedOver.contains(record.assetRef) {
            if let terms = ended[record.assetRef] {
                if isProtected(partner.bcID), let expires = terms.expires {
                    report(.expiredProtected(what: "the share of \(describe(record.assetRef)) with protected partner \(describePartner(partner.bcID))",
                                             on: expires.description), at: expires.location)
                }
                addExpiry(.unshare(partner: partner.bcID, asset: planAsset(record.assetRef), from: record.permission),
                          terms: terms)
                continue
            }
            if isProtected(partner.bcID) {
                report(.protectedPartnerUnshared(partner: describePartner(partner.bcID), asset: describe(record.assetRef)), at: partner.location)
            }
            add(.unshare(partner: partner.bcID, asset: planAsset(record.assetRef), from: record.permission),
                reason: "not declared for partner \(describePartner(partner.bcID)) at \(partner.location)", source: partner.location.description)
        }
    }

    /// A partner whose access ended is removed: one action, which ends its shares too.
    private mutating func planExpiredPartner(_ partner: PartnerDeclaration, live: PartnerRecord) {
        guard let expires = partner.terms.expires else { return }
        if isProtected(partner.bcID) {
            report(.expiredProtected(what: "protected partner \(describePartner(partner.bcID))", on: expires.description), at: expires.location)
        }
        addExpiry(.removePartner(partner: partner.bcID, name: live.name, status: live.status, shares: live.shares.count),
                  terms: partner.terms)
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
