import BCPlanYAML
import Foundation

extension PlanBuilder {
    /// Invitations and their lifecycle, role changes, assignments; revokes of undeclared members.
    mutating func planMembers() {
        var declared: Set<String> = []
        for member in config.members {
            let email = member.normalizedEmail
            declared.insert(email)
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
        for grant in member.assets {
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
            report(.info, "waiting for this Business Center's access before granting \(member.normalizedEmail) \(waiting.sorted().joined(separator: ", "))",
                   at: member.location)
        }
        return usable
    }

    private func assetsJSON(_ grants: [(ref: AssetRef, grant: AssetGrant)]) -> JSONValue {
        .array(grants.sorted { $0.ref < $1.ref }.map { item in
            .object(["type": .string(item.ref.type.rawValue), "id": .string(item.ref.id),
                     "permission": permissionJSON(item.grant.permission)])
        })
    }

    private func roleJSON(role: MemberRole, finance: FinanceRole?) -> JSONValue {
        .object(["role": .string(role.rawValue), "finance": finance.map { .string($0.rawValue) } ?? .null])
    }

    private mutating func planInvitation(_ member: MemberDeclaration, grants: [(ref: AssetRef, grant: AssetGrant)]) {
        let email = member.normalizedEmail
        let riding = grants.filter { $0.ref.type.ridesOnInvitation }
        var after = roleJSON(role: member.role, finance: member.finance)
        if case .object(var fields) = after {
            fields["assets"] = assetsJSON(riding)
            // The address as written: `member` is lower case, the invitation keeps the spelling.
            fields["email"] = .string(member.email)
            after = .object(fields)
        }
        add(PlanAction(
            id: "invite:\(email)", kind: .invite, member: email, after: after,
            reason: "declared at \(member.location), not in the Business Center", source: member.location.description,
            privilege: .grant, phase: 1))
        reportWaiting(member, grants: grants.filter { !$0.ref.type.ridesOnInvitation })
    }

    /// Permissions that cannot be granted before the member accepts, listed so reviewers know.
    private mutating func reportWaiting(_ member: MemberDeclaration, grants: [(ref: AssetRef, grant: AssetGrant)]) {
        guard !grants.isEmpty else { return }
        let list = grants.sorted { $0.ref < $1.ref }.map { "\(describe($0.ref)): \($0.grant.permission)" }
        report(.info, "waiting for \(member.normalizedEmail) to accept the invitation before granting \(list.joined(separator: ", "))",
               at: member.location)
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
            report(.info, "the invitation to \(email) is pending; its sending time is unknown, so it is left to wait", at: member.location)
            reportWaiting(member, grants: unmet)
            return
        }
        let days = standing.days
        let roleChanged = live.role != member.role || live.finance != member.finance
        guard standing.stage != .waiting || roleChanged else {
            let resendOn = Clock.day(resendDate)
            report(.info, "the invitation to \(email) is pending since \(Clock.day(invitedAt)) (\(days) days); waiting, resend due on \(resendOn)",
                   at: member.location)
            reportWaiting(member, grants: unmet)
            return
        }
        guard standing.stage != .exhausted || roleChanged else {
            report(.warning, "the invitation to \(email) is unanswered after \(resends) resend\(resends == 1 ? "" : "s") (last sent \(Clock.day(invitedAt)))",
                   at: member.location)
            if policy.onExhausted == .revoke {
                planRevoke(live, reason: "invitation unanswered after \(resends) resends (policy.invites.on_exhausted: revoke)",
                           source: member.location.description)
            }
            return
        }
        var after = roleJSON(role: member.role, finance: member.finance)
        if case .object(var fields) = after {
            fields["email"] = .string(member.email)
            fields["resends"] = .int(resends + 1)
            fields["assets"] = assetsJSON(grants.filter { $0.ref.type.ridesOnInvitation })
            after = .object(fields)
        }
        let privilege = roleChanged ? rolePrivilege(from: (live.role, live.finance), to: (member.role, member.finance)) : .none
        let why = roleChanged
            ? "the pending invitation is for \(live.role.rawValue)\(live.finance.map { " + finance \($0.rawValue)" } ?? ""); declared at \(member.location) as \(member.role.rawValue)\(member.finance.map { " + finance \($0.rawValue)" } ?? "")"
            : "invitation sent \(Clock.day(invitedAt)) (\(days) days ago), past resend_after_days (\(policy.resendAfterDays))"
        var before: JSONValue = .object(["invited_at": .string(invitedText), "resends": .int(resends)])
        if roleChanged, case .object(var fields) = before {
            fields["role"] = .string(live.role.rawValue)
            fields["finance"] = live.finance.map { .string($0.rawValue) } ?? .null
            before = .object(fields)
        }
        let finance = member.finance.map { " and finance role \($0.rawValue)" } ?? ""
        add(PlanAction(
            id: "resend:\(email)", kind: .resend, member: email, before: before, after: after, reason: why,
            source: member.location.description, privilege: privilege,
            manual: options.capabilities.canResend ? nil : ManualSteps(steps: [
                "In Business Center open Users > Members and find the pending invitation of \(email).",
                "Cancel it, then invite \(member.email) again as \(member.role.rawValue)\(finance) with the declared ad account permissions.",
            ]),
            phase: privilege == .reduce ? 2 : 1))
        reportWaiting(member, grants: unmet.filter { !$0.ref.type.ridesOnInvitation })
    }

    private mutating func planRole(_ member: MemberDeclaration, live: MemberRecord) {
        guard live.role != member.role || live.finance != member.finance else { return }
        let email = member.normalizedEmail
        let privilege = rolePrivilege(from: (live.role, live.finance), to: (member.role, member.finance))
        if privilege == .reduce, isCaller(email) {
            report(.error, "the plan would demote \(email), who applies it (provider.caller); declare the current role or apply as someone else", at: member.location)
        } else if privilege == .reduce, isProtected(email) {
            report(.error, "the plan would demote protected member \(email) (policy.protected)", at: member.location)
        }
        let from = "\(live.role.rawValue)\(live.finance.map { " + finance \($0.rawValue)" } ?? "")"
        let clearsFinance = live.finance != nil && member.finance == nil
        add(PlanAction(
            id: "update_role:\(email)", kind: .updateRole, member: email,
            before: roleJSON(role: live.role, finance: live.finance), after: roleJSON(role: member.role, finance: member.finance),
            reason: "declared at \(member.location); the Business Center has \(from)",
            source: member.location.description, privilege: privilege,
            manual: clearsFinance && !options.capabilities.canClearFinanceRole ? ManualSteps(steps: [
                "In Business Center open Users > Members and select \(email).",
                "Remove the finance role\(live.role != member.role ? " and set the role to \(member.role.rawValue)" : "").",
            ]) : nil,
            phase: privilege == .grant ? 1 : 2))
    }

    /// Grant when the change raises the BC role or (without a demotion) the finance role.
    private func rolePrivilege(
        from old: (role: MemberRole, finance: FinanceRole?), to new: (role: MemberRole, finance: FinanceRole?)
    ) -> Privilege {
        let promotes = new.role == .admin && old.role == .standard
        let demotes = new.role == .standard && old.role == .admin
        let financeGain = Self.financeRank(new.finance) > Self.financeRank(old.finance)
        return promotes || (!demotes && financeGain) ? .grant : .reduce
    }

    private static func financeRank(_ role: FinanceRole?) -> Int {
        switch role {
        case nil: 0
        case .analyst?: 1
        case .manager?: 2
        }
    }

    private mutating func planAssignments(
        _ member: MemberDeclaration, live: MemberRecord, grants: [(ref: AssetRef, grant: AssetGrant)]
    ) {
        let email = member.normalizedEmail
        let liveGrants = Dictionary(live.assets.map { ($0.assetRef, $0.permission) }, uniquingKeysWith: { first, _ in first })
        var declaredRefs: Set<AssetRef> = []
        for (ref, grant) in grants {
            declaredRefs.insert(ref)
            let held = liveGrants[ref]
            guard held != grant.permission else { continue }
            let privilege = privilege(from: held, to: grant.permission, type: ref.type)
            if privilege == .reduce, isProtected(email) {
                report(.error, "the plan would lower protected member \(email)'s permission on \(describe(ref)) (policy.protected)", at: grant.location)
            }
            add(PlanAction(
                id: "assign:\(email):\(ref.type.rawValue):\(ref.id)", kind: .assign, member: email, asset: planAsset(ref),
                before: held.map { .object(["permission": permissionJSON($0)]) } ?? .null,
                after: .object(["permission": permissionJSON(grant.permission)]),
                dependsOn: incomingTransfers[ref].map { [$0] } ?? [],
                reason: "declared at \(grant.location)\(held.map { "; the Business Center has \($0)" } ?? "")",
                source: grant.location.description, privilege: privilege,
                manual: ref.type == .pixel && !options.capabilities.canAssignPixels ? ManualSteps(steps: [
                    "In Business Center open Assets > Pixels and select \(ref.id).",
                    "Add \(email) with permission \(grant.permission).",
                ]) : nil,
                phase: privilege == .reduce ? 2 : 1))
        }
        // Declared members hold exactly what is declared: every other assignment goes.
        let configuredRefs = Set(member.assets.compactMap { grant in
            declaredAssets[grant.assetKey].map { AssetRef(type: $0.type, id: $0.id) }
        })
        for record in live.assets.sorted() where !declaredRefs.contains(record.assetRef) && !configuredRefs.contains(record.assetRef) {
            if isProtected(email) {
                report(.error, "the plan would unassign protected member \(email) from \(describe(record.assetRef)) (policy.protected)", at: member.location)
            }
            add(PlanAction(
                id: "unassign:\(email):\(record.type.rawValue):\(record.id)", kind: .unassign, member: email,
                asset: planAsset(record.assetRef), before: .object(["permission": permissionJSON(record.permission)]),
                reason: "not declared for \(email) at \(member.location)", source: member.location.description,
                privilege: .reduce, phase: 2))
        }
    }

    /// Revoking a member covers their assignments: none is planned one by one.
    mutating func planRevoke(_ live: MemberRecord, reason: String, source: String? = nil) {
        let email = live.normalizedEmail
        if isCaller(email) {
            report(.error, "the plan would revoke \(email), who applies it (provider.caller); declare them in \(configName)", at: nil)
        } else if isProtected(email) {
            report(.error, "the plan would revoke protected member \(email) (policy.protected); declare them in \(configName) or set policy.unmanaged: keep", at: nil)
        }
        add(PlanAction(
            id: "revoke:\(email)", kind: .revoke, member: email,
            before: .object(["role": .string(live.role.rawValue), "finance": live.finance.map { .string($0.rawValue) } ?? .null,
                             "status": .string(live.status.rawValue)]),
            reason: reason, source: source, privilege: .reduce, phase: 2))
    }

    /// Every action that lowers the number of active admins waits for every promotion, so even a
    /// parallel apply never dips below the floor.
    mutating func addAdminFloorDependencies() {
        let promotions = actions.filter { action in
            guard action.kind == .updateRole, let email = action.member, liveMembers[email]?.status == .active else { return false }
            return action.after["role"]?.stringValue == "admin" && action.before["role"]?.stringValue == "standard"
        }.map(\.id)
        guard !promotions.isEmpty else { return }
        for index in actions.indices where lowersActiveAdmins(actions[index]) {
            actions[index].dependsOn += promotions
        }
    }

    func lowersActiveAdmins(_ action: PlanAction) -> Bool {
        guard let email = action.member, let live = liveMembers[email], live.status == .active, live.role == .admin else {
            return false
        }
        if action.kind == .revoke { return true }
        return action.kind == .updateRole && action.after["role"]?.stringValue == "standard"
    }
}
