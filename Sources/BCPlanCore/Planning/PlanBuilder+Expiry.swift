import BCPlanYAML
import Foundation

extension PlanBuilder {
    /// Warnings for access that ends within `policy.expiry_warning_days`, and the limit of
    /// `policy.max_grant_days`. The removals themselves are planned with each member and partner.
    mutating func checkExpiries() {
        let now = options.now
        let policy = config.policy
        let warnUntil = now.addingTimeInterval(Double(policy.expiryWarningDays) * 86_400)
        // What and about whom are built only for the few that warn: there are 20,000 grants.
        func warn(
            _ what: @autoclosure () -> String, _ terms: @autoclosure () -> AccessTerms, removal: String, own: DeclaredTime?,
            about subject: @autoclosure () -> WarningSubject
        ) {
            // Only where the date is written: a grant that ends with its member is the member's warning.
            guard let own, let expires = terms().expires, expires == own, expires.date > now, expires.date <= warnUntil else { return }
            report(.expiresSoon(what: what(), on: expires.description, days: expires.daysAfter(now), removal: removal),
                   at: expires.location, about: subject())
        }
        for member in config.members {
            let email = member.normalizedEmail
            warn("member \(email)", member.terms, removal: "revoke them", own: member.terms.expires,
                 about: WarningSubject(member: email))
            for grant in member.assets where grant.terms.expires != nil {
                guard let asset = declaredAssets[grant.assetKey] else { continue }
                let ref = AssetRef(type: asset.type, id: asset.id)
                warn("the grant of \(describe(ref)) to \(email)", grant.terms.within(member.terms),
                     removal: "unassign it", own: grant.terms.expires, about: WarningSubject(member: email, asset: grant.assetKey))
            }
        }
        for partner in config.partners {
            warn("partner \(describePartner(partner.bcID))", partner.terms, removal: "remove the partner and its shares",
                 own: partner.terms.expires, about: WarningSubject(partner: partner.bcID))
            for grant in partner.shares where grant.terms.expires != nil {
                guard let asset = declaredAssets[grant.assetKey] else { continue }
                let ref = AssetRef(type: asset.type, id: asset.id)
                warn("the share of \(describe(ref)) with partner \(describePartner(partner.bcID))", grant.terms.within(partner.terms),
                     removal: "unshare it", own: grant.terms.expires,
                     about: WarningSubject(partner: partner.bcID, asset: grant.assetKey))
            }
        }
        guard let maxDays = policy.maxGrantDays else { return }
        let latest = now.addingTimeInterval(Double(maxDays) * 86_400)
        func limit(_ what: String, _ terms: AccessTerms, at location: SourceLocation) {
            guard let expires = terms.expires else {
                report(.expiryRequired(what: what, maxDays: maxDays, latest: Clock.day(latest)), at: location)
                return
            }
            if expires.date > latest {
                report(.expiryBeyondMaxGrantDays(what: what, on: expires.description, maxDays: maxDays, latest: Clock.day(latest)),
                       at: expires.location)
            }
        }
        // Partners always; members only when this plan invites them (staff already there are not
        // time-boxed by a policy written after them).
        for partner in config.partners where !hasEnded(partner.terms) {
            limit("partner \(describePartner(partner.bcID))", partner.terms, at: partner.location)
        }
        for member in config.members where !hasEnded(member.terms) && liveMembers[member.normalizedEmail] == nil {
            limit("member \(member.normalizedEmail), whom this plan invites,", member.terms, at: member.location)
        }
    }
}
