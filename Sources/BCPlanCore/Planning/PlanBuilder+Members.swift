import BCPlanYAML
import Foundation

extension PlanBuilder {
    /// Invitations and their lifecycle, role changes, assignments; revokes of undeclared members.
    mutating func planMembers() {
        var declared: Set<String> = []
        for member in config.members {
            let email = member.normalizedEmail
            declared.insert(email)
            if hasEnded(member.terms) {
                if let live = liveMembers[email] { planExpiredMember(member, live: live) }
                continue
            }
            let grants = resolvedGrants(member)
            guard let live = liveMembers[email] else {
                planInvitation(member, grants: grants)
                continue
            }
            if live.status == .pending {
                // A pending invitation has no user to update: a role change goes out as a new invitation.
                planPendingInvitation(member, live: live, grants: grants)
            } else {
                planRole(member, live: live)
                planAssignments(member, live: live, grants: grants)
            }
        }
        guard config.policy.unmanaged == .revoke else { return }
        for email in liveMembers.keys.sorted() where !declared.contains(email) {
            planRevoke(liveMembers[email]!, reason: "in the Business Center, not declared in \(configName) (policy.unmanaged: revoke)")
        }
    }

    /// The member's declared grants that this Business Center can give now, by asset. A grant on
    /// another BC's asset beyond the access this BC holds waits for that access (reported as info).
    private mutating func resolvedGrants(_ member: MemberDeclaration) -> [(ref: AssetRef, grant: AssetGrant)] {
        var usable: [(ref: AssetRef, grant: AssetGrant)] = []
        var waiting: [String] = []
        for grant in member.assets where !hasEnded(grant.terms.within(member.terms)) {
            guard let asset = declaredAssets[grant.assetKey] else { continue }
            let ref = AssetRef(type: asset.type, id: asset.id)
            if asset.owner != nil {
                let held = liveAssets[ref]?.access
                guard let held, held.covers(grant.permission, for: asset.type) else {
                    waiting.append("\(describe(ref)): \(grant.permission)")
                    continue
                }
            } else if unavailableAssets.contains(grant.assetKey) {
                continue
            }
            usable.append((ref, grant))
        }
        if !waiting.isEmpty {
            report(.waitingForAccess(member: member.normalizedEmail, grants: waiting.sorted()), at: member.location)
        }
        return usable
    }

    /// The invitation `member` is sent: their roles and the grants that can ride on it.
    private func invitation(_ member: MemberDeclaration, grants: [(ref: AssetRef, grant: AssetGrant)]) -> Invitation {
        Invitation(
            email: member.email, roles: MemberRoles(role: member.role, finance: member.finance),
            assets: grants.filter { $0.ref.type.ridesOnInvitation }.map {
                AssetPermissionRecord(type: $0.ref.type, id: $0.ref.id, permission: $0.grant.permission)
            })
    }

    private mutating func planInvitation(_ member: MemberDeclaration, grants: [(ref: AssetRef, grant: AssetGrant)]) {
        add(.invite(invitation(member, grants: grants)),
            reason: "declared at \(member.location), not in the Business Center" + member.terms.vouching,
            source: member.location.description)
        reportWaiting(member, grants: grants.filter { !$0.ref.type.ridesOnInvitation })
    }

    /// Permissions that cannot be granted before the member accepts, listed so reviewers know.
    private mutating func reportWaiting(_ member: MemberDeclaration, grants: [(ref: AssetRef, grant: AssetGrant)]) {
        guard !grants.isEmpty else { return }
        let list = grants.sorted { $0.ref < $1.ref }.map { "\(describe($0.ref)): \($0.grant.permission)" }
        report(.waitingForAcceptance(member: member.normalizedEmail, grants: list), at: member.location)
    }

    private mutating func planPendingInvitation(
        _ member: MemberDeclaration, live: MemberRecord, grants: [(ref: AssetRef, grant: AssetGrant)]
    ) {
        let email = member.normalizedEmail
        let resends = live.resends
        let policy = config.policy.invites
        let liveGrants = Dictionary(live.assets.map { ($0.assetRef, $0.permission) }, uniquingKeysWith: { first, _ in first })
        let unmet = grants.filter { liveGrants[$0.ref] != $0.grant.permission }
        let standing = InvitationStanding(live, policy: policy, now: options.now)
        guard let invitedText = live.invitedAt, let invitedAt = standing.sentAt, let resendDate = standing.resendOn else {
            report(.invitationTimeUnknown(member: email), at: member.location)
            reportWaiting(member, grants: unmet)
            return
        }
        let days = standing.days
        let sent = SentInvitation(invitedAt: invitedText, resends: resends, roles: MemberRoles(role: live.role, finance: live.finance))
        let resent = invitation(member, grants: grants)
        let roleChanged = sent.roles != resent.roles
        guard standing.stage != .waiting || roleChanged else {
            report(.invitationWaiting(member: email, since: Clock.day(invitedAt), days: days, resendOn: Clock.day(resendDate)),
                   at: member.location)
            reportWaiting(member, grants: unmet)
            return
        }
        guard standing.stage != .exhausted || roleChanged else {
            report(.invitationUnanswered(member: email, resends: resends, lastSent: Clock.day(invitedAt)), at: member.location,
                   about: WarningSubject(member: email))
            if policy.onExhausted == .revoke {
                planRevoke(live, reason: "invitation unanswered after \(resends) resends (policy.invites.on_exhausted: revoke)",
                           source: member.location.description)
            }
            return
        }
        let why = roleChanged
            ? "the pending invitation is for \(sent.roles); declared at \(member.location) as \(resent.roles)"
            : "invitation sent \(Clock.day(invitedAt)) (\(days) days ago), past resend_after_days (\(policy.resendAfterDays))"
        let finance = member.finance.map { " and finance role \($0.rawValue)" } ?? ""
        add(.resend(resent, previous: sent), reason: why + member.terms.vouching, source: member.location.description,
            manual: options.capabilities.canResend ? nil : ManualSteps(steps: [
                "In Business Center open Users > Members and find the pending invitation of \(email).",
                "Cancel it, then invite \(member.email) again as \(member.role.rawValue)\(finance) with the declared ad account permissions.",
            ]))
        reportWaiting(member, grants: unmet.filter { !$0.ref.type.ridesOnInvitation })
    }

    private mutating func planRole(_ member: MemberDeclaration, live: MemberRecord) {
        let from = MemberRoles(role: live.role, finance: live.finance)
        let to = MemberRoles(role: member.role, finance: member.finance)
        guard from != to else { return }
        let email = member.normalizedEmail
        let change = PlanChange.updateRole(member: email, from: from, to: to)
        if change.privilege == .reduce, isCaller(email) {
            report(.callerDemoted(member: email), at: member.location)
        } else if change.privilege == .reduce, isProtected(email) {
            report(.protectedMemberDemoted(member: email), at: member.location)
        }
        let clearsFinance = from.finance != nil && to.finance == nil
        add(change, reason: "declared at \(member.location); the Business Center has \(from)" + member.terms.vouching,
            source: member.location.description,
            manual: clearsFinance && !options.capabilities.canClearFinanceRole ? ManualSteps(steps: [
                "In Business Center open Users > Members and select \(email).",
                "Remove the finance role\(from.role != to.role ? " and set the role to \(to.role.rawValue)" : "").",
            ]) : nil)
    }

    private mutating func planAssignments(
        _ member: MemberDeclaration, live: MemberRecord, grants: [(ref: AssetRef, grant: AssetGrant)]
    ) {
        let email = member.normalizedEmail
        let liveGrants = AssetRefLookup(firstOf: live.assets.lazy.map { ($0.assetRef, $0.permission) })
        var declaredRefs = AssetRefLookup<Void>()
        for (ref, grant) in grants {
            declaredRefs.insert(ref)
            let held = liveGrants[ref]
            guard held != grant.permission else { continue }
            let change = PlanChange.assign(member: email, asset: planAsset(ref), from: held, to: grant.permission)
            if change.privilege == .reduce, isProtected(email) {
                report(.protectedMemberLowered(member: email, asset: describe(ref)), at: grant.location)
            }
            add(change, reason: "declared at \(grant.location)\(held.map { "; the Business Center has \($0)" } ?? "")"
                    + grant.terms.within(member.terms).vouching,
                source: grant.location.description,
                manual: ref.type == .pixel && !options.capabilities.canAssignPixels ? ManualSteps(steps: [
                    "In Business Center open Assets > Pixels and select \(ref.id).",
                    "Add \(email) with permission \(grant.permission).",
                ]) : nil)
        }
        // Declared members hold exactly what is declared: every other assignment goes, except
        // where a hand-over ends it anyway. A grant that has ended goes with its expiry as reason.
        let undeclared = live.assets.filter { !declaredRefs.contains($0.assetRef) }
        guard !undeclared.isEmpty else { return }
        var configuredRefs = AssetRefLookup<Void>()
        var ended = AssetRefLookup<AccessTerms>()
        for grant in member.assets {
            guard let asset = declaredAssets[grant.assetKey] else { continue }
            let ref = AssetRef(type: asset.type, id: asset.id)
            let terms = grant.terms.within(member.terms)
            if hasEnded(terms) { ended.set(ref, terms) } else { configuredRefs.insert(ref) }
        }
        for record in undeclared.sorted()
        where !configuredRefs.contains(record.assetRef) && !handedOver.contains(record.assetRef) {
            let change = PlanChange.unassign(member: email, asset: planAsset(record.assetRef), from: record.permission)
            if let terms = ended[record.assetRef] {
                if isProtected(email), let expires = terms.expires {
                    report(.expiredProtected(what: "the grant of \(describe(record.assetRef)) to protected member \(email)",
                                             on: expires.description), at: expires.location)
                }
                addExpiry(change, terms: terms)
                continue
            }
            if isProtected(email) {
                report(.protectedMemberUnassigned(member: email, asset: describe(record.assetRef)), at: member.location)
            }
            add(change, reason: "not declared for \(email) at \(member.location)", source: member.location.description)
        }
    }

    /// A member whose access ended is revoked: one action, which takes their assignments too.
    private mutating func planExpiredMember(_ member: MemberDeclaration, live: MemberRecord) {
        guard let expires = member.terms.expires else { return }
        let email = member.normalizedEmail
        if isCaller(email) {
            report(.expiredCaller(member: email, on: expires.description), at: expires.location)
        } else if isProtected(email) {
            report(.expiredProtected(what: "protected member \(email)", on: expires.description), at: expires.location)
        }
        addExpiry(.revoke(member: email, roles: MemberRoles(role: live.role, finance: live.finance), status: live.status),
                  terms: member.terms)
    }

    /// Revoking a member covers their assignments: none is planned one by one.
    mutating func planRevoke(_ live: MemberRecord, reason: String, source: String? = nil) {
        let email = live.normalizedEmail
        if isCaller(email) {
            report(.callerRevoked(member: email, config: configName),
                   at: config.provider.callerLocation ?? policyLocation("unmanaged"))
        } else if isProtected(email) {
            report(.protectedMemberRevoked(member: email, config: configName), at: policyLocation("protected"))
        }
        add(.revoke(member: email, roles: MemberRoles(role: live.role, finance: live.finance), status: live.status),
            reason: reason, source: source)
    }
}
