extension PlanBuilder {
    /// Policy errors and warnings over the whole ordered plan (DESIGN §4): admin counts at every step,
    /// member limit, revoke fraction.
    mutating func checkPolicy(_ ordered: [PlanAction]) {
        let policy = config.policy
        // In file order, so the error points at the same admin however the list is shuffled.
        let declaredAdmins = config.members.filter { $0.role == .admin }.sorted { $0.location < $1.location }
        // With unmanaged: keep, undeclared admins stay admins and count too.
        let declaredEmails = Set(config.members.map(\.normalizedEmail))
        let keptAdmins = policy.unmanaged == .keep
            ? live.members.filter { $0.role == .admin && !declaredEmails.contains($0.normalizedEmail) }.count : 0
        if declaredAdmins.count + keptAdmins > policy.maxAdmins {
            let kept = keptAdmins == 0 ? "" : " and \(keptAdmins) more \(keptAdmins == 1 ? "is" : "are") kept by policy.unmanaged: keep (\(declaredAdmins.count + keptAdmins) in all)"
            report(.error, "\(declaredAdmins.count) admins are declared\(kept); policy.max_admins is \(policy.maxAdmins)",
                   at: declaredAdmins.isEmpty ? nil
                       : declaredAdmins[max(0, min(declaredAdmins.count - 1, policy.maxAdmins - keptAdmins))].location)
        }
        if declaredAdmins.count < policy.minAdmins {
            report(.error, "\(declaredAdmins.count) admin\(declaredAdmins.count == 1 ? " is" : "s are") declared; policy.min_admins is \(policy.minAdmins)",
                   at: nil)
        }
        let kept = policy.unmanaged == .keep ? live.members.filter { !declaredEmails.contains($0.normalizedEmail) }.count : 0
        if config.members.count + kept > policy.maxMembers {
            report(.error, "the Business Center would have \(config.members.count + kept) members; policy.max_members is \(policy.maxMembers)", at: nil)
        }

        // Walk the plan in order: active admins never fall below min_admins at any step.
        var activeAdmins = live.members.filter { $0.status == .active && $0.role == .admin }.count
        let startingAdmins = activeAdmins
        var lowest = activeAdmins
        for action in ordered {
            if action.kind == .updateRole, let email = action.member, liveMembers[email]?.status == .active {
                if action.before["role"]?.stringValue == "standard", action.after["role"]?.stringValue == "admin" { activeAdmins += 1 }
            }
            if lowersActiveAdmins(action) {
                activeAdmins -= 1
                if activeAdmins < policy.minAdmins, activeAdmins < lowest {
                    report(.error, "after \(action.id) the Business Center would have \(activeAdmins) active admin\(activeAdmins == 1 ? "" : "s"); policy.min_admins is \(policy.minAdmins)", at: nil)
                }
            }
            lowest = min(lowest, activeAdmins)
        }
        if startingAdmins < policy.minAdmins, lowest >= startingAdmins, activeAdmins < policy.minAdmins,
           declaredAdmins.count >= policy.minAdmins {
            let pending = ordered.filter { $0.kind == .invite && $0.after["role"]?.stringValue == "admin" }.count
            report(.warning, "the Business Center has \(activeAdmins) active admin\(activeAdmins == 1 ? "" : "s"); policy.min_admins is \(policy.minAdmins)\(pending > 0 ? " (\(pending) admin invitation\(pending == 1 ? "" : "s") planned; invitees count once they accept)" : "")",
                   at: nil)
        }

        let removed = ordered.filter { $0.kind == .revoke || $0.kind == .removePartner }.count
        let population = live.members.count + live.partners.count
        if removed > 0, population > 0 {
            let fraction = Double(removed) / Double(population)
            if fraction > policy.maxRevokeFraction, !options.allowMassRevoke {
                report(.error, "the plan removes \(removed) of \(population) members and partners (\(Self.percent(fraction))), more than policy.max_revoke_fraction (\(Self.percent(policy.maxRevokeFraction))); review it, then pass --allow-mass-revoke",
                       at: nil)
            }
        }
    }

    static func percent(_ fraction: Double) -> String {
        let value = (fraction * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
