/// The order a plan keeps (DESIGN §4). Every action waits, through `dependsOn`, for what it needs;
/// the plan lists the actions in a topological order of those waits, earlier phases first and then
/// by id, so that carrying them out one by one in that order is safe, and a parallel apply that
/// starts an action only after what it depends on stays safe with the guards of `ApplySchedule`.
///
/// What an action needs follows from its typed change, one rule each, whatever its kind:
/// - a grant on an asset (an invitation or resend carrying an ad account, an assignment, a share)
///   waits for the transfer that brings that asset to this Business Center;
/// - an action within a partnership waits for the `add_partner` that starts it;
/// - admin seats: active admins never fall below `policy.min_admins` and admins (pending
///   invitations included) never exceed the platform's limit. A removal of an active admin waits
///   for the promotions planned before it; a promotion or admin invitation that finds no room
///   waits for the removals that make it. When both bounds can hold, this finds the order.
///
/// Member seats (4,000) are left to the apply's `CapacityGuard`, which lets an invitation wait for
/// the revokes that make room; no removal waits for an invitation, so nothing can deadlock there.
struct PlanOrder {
    /// Where each member stands as the plan starts, by lower-case e-mail.
    let standings: [String: MemberStanding]
    let minAdmins: Int
    var maxAdmins = PlatformLimits.maxAdmins

    /// `actions` with every dependency they need (sorted), in execution order.
    func ordered(_ actions: [PlanAction]) -> [PlanAction] {
        var actions = actions
        addGrantDependencies(&actions)
        addSeatDependencies(&actions)
        for index in actions.indices { actions[index].dependsOn = Array(Set(actions[index].dependsOn)).sorted() }
        return Self.topologicalOrder(actions)
    }

    // MARK: Grants after what makes them possible

    private func addGrantDependencies(_ actions: inout [PlanAction]) {
        var transfers: [AssetRef: String] = [:]
        var partnerships: [String: String] = [:]
        for action in actions {
            if case .transfer(let asset, _, _, .incoming) = action.change { transfers[asset.ref] = action.id }
            if case .addPartner(let partner, _, _) = action.change { partnerships[partner] = action.id }
        }
        for index in actions.indices {
            let change = actions[index].change
            actions[index].dependsOn += change.grantedAssets.compactMap { transfers[$0] }
            if let partner = change.partnership, let start = partnerships[partner], start != actions[index].id {
                actions[index].dependsOn.append(start)
            }
        }
    }

    // MARK: Seats

    private func addSeatDependencies(_ actions: inout [PlanAction]) {
        let seats = actions.map { SeatChange($0.change, from: $0.member.flatMap { standings[$0] }) }
        let byID = actions.indices.sorted { actions[$0].id < actions[$1].id }
        var admins = standings.values.filter(\.isAdmin).count
        var promotions: [Int] = []
        var removals: [Int] = []
        for index in adminSequence(byID.filter { seats[$0].admins != 0 }, seats: seats) {
            if seats[index].admins > 0 {
                admins += 1
                actions[index].dependsOn += removals.prefix(max(0, admins - maxAdmins)).map { actions[$0].id }
                if seats[index].activeAdmins > 0 { promotions.append(index) }
            } else {
                if seats[index].activeAdmins < 0 { actions[index].dependsOn += promotions.map { actions[$0].id } }
                removals.append(index)
            }
        }
    }

    /// The admin-changing actions (by index, sorted by id) in an order that keeps both bounds at
    /// every step where one exists: a promotion while there is room (it also lifts the floor), a
    /// pending admin's removal (it frees room at no cost), an active admin's removal while the
    /// floor allows, an admin invitation while there is room. What cannot keep both follows in
    /// that order, for the policy check to report.
    private func adminSequence(_ indices: [Int], seats: [SeatChange]) -> [Int] {
        var promotions = indices.filter { seats[$0].activeAdmins > 0 }[...]
        var invitations = indices.filter { seats[$0].admins > 0 && seats[$0].activeAdmins == 0 }[...]
        var activeRemovals = indices.filter { seats[$0].activeAdmins < 0 }[...]
        var pendingRemovals = indices.filter { seats[$0].admins < 0 && seats[$0].activeAdmins == 0 }[...]
        var activeAdmins = standings.values.filter(\.isActiveAdmin).count
        var admins = standings.values.filter(\.isAdmin).count
        var sequence: [Int] = []
        while true {
            if admins < maxAdmins, let next = promotions.popFirst() {
                (activeAdmins, admins) = (activeAdmins + 1, admins + 1)
                sequence.append(next)
            } else if let next = pendingRemovals.popFirst() {
                admins -= 1
                sequence.append(next)
            } else if activeAdmins > minAdmins, let next = activeRemovals.popFirst() {
                (activeAdmins, admins) = (activeAdmins - 1, admins - 1)
                sequence.append(next)
            } else if admins < maxAdmins, let next = invitations.popFirst() {
                admins += 1
                sequence.append(next)
            } else {
                return sequence + promotions + activeRemovals + invitations
            }
        }
    }

    // MARK: Order

    /// A topological order of `dependsOn` that takes, among the actions ready, the earliest by
    /// (phase, id): where every dependency points to an earlier one in that sort, it is that sort.
    static func topologicalOrder(_ actions: [PlanAction]) -> [PlanAction] {
        // An id is derived from the change (`PlanAction.id`): make each once, not per comparison,
        // and sort positions rather than moving whole actions about.
        let ids = actions.map(\.id)
        let phases = actions.map(\.phase)
        let sorted = actions.indices.sorted { (phases[$0], ids[$0]) < (phases[$1], ids[$1]) }
        let ranked = sorted.map { actions[$0] }
        var rank: [String: Int] = [:]
        rank.reserveCapacity(sorted.count)
        for (index, position) in sorted.enumerated() { rank[ids[position]] = index }
        var waitingFor = [Int](repeating: 0, count: ranked.count)
        var dependents = [[Int]](repeating: [], count: ranked.count)
        for (index, action) in ranked.enumerated() {
            for dependency in action.dependsOn {
                guard let other = rank[dependency] else { continue }
                waitingFor[index] += 1
                dependents[other].append(index)
            }
        }
        // Ready ranks, largest first, so the next one is the last.
        var ready = Array(ranked.indices.filter { waitingFor[$0] == 0 }.reversed())
        var order: [Int] = []
        while let next = ready.popLast() {
            order.append(next)
            for dependent in dependents[next] {
                waitingFor[dependent] -= 1
                guard waitingFor[dependent] == 0 else { continue }
                ready.insert(dependent, at: ready.firstIndex { $0 < dependent } ?? ready.endIndex)
            }
        }
        // A cycle would leave actions behind: list them in rank order rather than lose them.
        let placed = Set(order)
        order += ranked.indices.filter { !placed.contains($0) }
        return order.map { ranked[$0] }
    }
}
