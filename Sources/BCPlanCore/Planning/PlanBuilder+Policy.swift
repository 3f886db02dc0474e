import BCPlanYAML

extension PlanBuilder {
    /// Policy errors and warnings over the whole ordered plan (DESIGN §4): admin counts at every
    /// step (the floor, and the platform's admin limit), member limit, revoke fraction.
    mutating func checkPolicy(_ ordered: [PlanAction]) {
        let policy = config.policy
        // In file order, so the error points at the same admin however the list is shuffled.
        let writtenAdmins = config.members.filter { $0.role == .admin }.sorted { $0.location < $1.location }
        // Admins whose access ended are revoked by this plan: they count no more.
        let declaredAdmins = writtenAdmins.filter { !hasEnded($0.terms) }
        let members = config.members.filter { !hasEnded($0.terms) }
        // With unmanaged: keep, undeclared admins stay admins and count too.
        let declaredEmails = Set(config.members.map(\.normalizedEmail))
        let keptAdmins = policy.unmanaged == .keep
            ? live.members.filter { $0.role == .admin && !declaredEmails.contains($0.normalizedEmail) }.count : 0
        if declaredAdmins.count + keptAdmins > policy.maxAdmins {
            report(.tooManyAdminsDeclared(declared: declaredAdmins.count, kept: keptAdmins, maximum: policy.maxAdmins),
                   at: declaredAdmins.isEmpty ? policyLocation("max_admins")
                       : declaredAdmins[max(0, min(declaredAdmins.count - 1, policy.maxAdmins - keptAdmins))].location)
        }
        var expiryReported: Set<String> = []
        if writtenAdmins.count < policy.minAdmins {
            report(.tooFewAdminsDeclared(declared: writtenAdmins.count, minimum: policy.minAdmins),
                   at: policyLocation("min_admins", else: writtenAdmins.last?.location))
        } else if declaredAdmins.count < policy.minAdmins {
            // Enough admins are written, but some have expired: the error is at each of those.
            for admin in writtenAdmins where hasEnded(admin.terms) {
                guard let expires = admin.terms.expires else { continue }
                report(.expiredAdminBelowFloor(
                    member: admin.normalizedEmail, on: expires.description,
                    remaining: declaredAdmins.count.counted("declared admin"), minimum: policy.minAdmins), at: expires.location)
                expiryReported.insert(admin.normalizedEmail)
            }
        }
        let kept = policy.unmanaged == .keep ? live.members.filter { !declaredEmails.contains($0.normalizedEmail) }.count : 0
        if members.count + kept > policy.maxMembers {
            // At the first member beyond the limit, in file order, as for admins.
            let written = members.sorted { $0.location < $1.location }
            report(.tooManyMembers(count: members.count + kept, maximum: policy.maxMembers),
                   at: written.isEmpty ? policyLocation("max_members")
                       : written[max(0, min(written.count - 1, policy.maxMembers - kept))].location)
        }
        checkAdminCounts(ordered, declaredAdmins: declaredAdmins.count, expiryReported: expiryReported)

        let removed = ordered.filter { $0.kind.countsAsRemoval }.count
        let population = live.members.count + live.partners.count
        if removed > 0, population > 0 {
            let fraction = Double(removed) / Double(population)
            if fraction > policy.maxRevokeFraction, !options.allowMassRevoke {
                report(.massRevoke(removed: removed, population: population, fraction: fraction, maximum: policy.maxRevokeFraction),
                       at: policyLocation("max_revoke_fraction", else: policy.locations["unmanaged"]))
            }
        }
    }

    /// Walks the plan in order: active admins never fall below `min_admins`, and admins (pending
    /// invitations included) never exceed the platform's limit, at any step.
    private mutating func checkAdminCounts(_ ordered: [PlanAction], declaredAdmins: Int, expiryReported: Set<String>) {
        let minimum = config.policy.minAdmins
        let standings = self.standings
        var activeAdmins = standings.values.filter(\.isActiveAdmin).count
        var admins = standings.values.filter(\.isAdmin).count
        let startingAdmins = activeAdmins
        var lowest = activeAdmins
        var overLimit: (after: PlanAction, admins: Int)?
        for action in ordered {
            let seats = SeatChange(action.change, from: action.member.flatMap { standings[$0] })
            activeAdmins += seats.activeAdmins
            admins += seats.admins
            if seats.activeAdmins < 0, activeAdmins < minimum, activeAdmins < lowest {
                if let expires = expiries[action.id], let member = action.member {
                    // The removal of an admin whose access ended: the error is at their expires.
                    if !expiryReported.contains(member) {
                        report(.expiredAdminBelowFloor(
                            member: member, on: expires.description, remaining: activeAdmins.counted("active admin"),
                            minimum: minimum), at: expires.location)
                    }
                } else {
                    report(.belowAdminFloor(after: action.id, activeAdmins: activeAdmins, minimum: minimum),
                           at: causeLocation(action, key: "min_admins"))
                }
            }
            if seats.admins > 0, admins > PlatformLimits.maxAdmins, overLimit == nil { overLimit = (action, admins) }
            lowest = min(lowest, activeAdmins)
        }
        // Too many admins in the end is the declaration's error, reported above; this is the order's.
        if let overLimit, admins <= PlatformLimits.maxAdmins {
            report(.beyondAdminLimit(after: overLimit.after.id, admins: overLimit.admins),
                   at: causeLocation(overLimit.after, key: "max_admins"))
        }
        if startingAdmins < minimum, lowest >= startingAdmins, activeAdmins < minimum, declaredAdmins >= minimum {
            let invitations = ordered.filter { action in
                guard case .invite(let invitation) = action.change else { return false }
                return invitation.roles.role == .admin
            }.count
            report(.fewActiveAdmins(activeAdmins: activeAdmins, minimum: minimum, pendingInvitations: invitations),
                   at: policyLocation("min_admins"))
        }
    }

    /// Where a policy error points: the key it keeps when that is written, else `fallback` (the
    /// member that causes it), else the `policy:` mapping; nil only when none is in the file.
    func policyLocation(_ key: String, else fallback: SourceLocation? = nil) -> SourceLocation? {
        config.policy.locations[key] ?? fallback ?? config.policy.location
    }

    /// The declaration of the member an action changes; for a member the config does not declare
    /// (revoked by `policy.unmanaged: revoke`), that key, else `key`.
    private func causeLocation(_ action: PlanAction, key: String) -> SourceLocation? {
        if let member = action.member, let declared = config.members.first(where: { $0.normalizedEmail == member }) {
            return declared.location
        }
        return policyLocation("unmanaged", else: config.policy.locations[key])
    }
}
