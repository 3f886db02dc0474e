/// Holds the platform's limits at every step of an apply: 4,000 members and 20 admins (pending
/// invitations included). The plan makes an action that needs room wait for the removals that
/// make it (`PlanOrder`); this guard keeps actions that run at once from taking the same seat,
/// trims a batch of invitations to the room there is, and covers changes made since planning.
///
/// It only ever delays: when nothing that frees room is left, the action goes ahead and the
/// platform decides.
struct CapacityGuard {
    let maxMembers: Int
    let maxAdmins: Int
    private var standings: [String: MemberStanding]
    private var members: Int
    private var admins: Int
    private var memberAddsUnderWay = 0
    private var adminAddsUnderWay = 0
    /// Actions not yet finished that free a member or an admin seat.
    private var memberFreersLeft = 0
    private var adminFreersLeft = 0
    /// What each action frees, judged against the Business Center as the apply starts.
    private var freeing: [String: SeatChange] = [:]
    /// What each started action takes, judged as it starts.
    private var taking: [String: SeatChange] = [:]

    init(snapshot: Snapshot, actions: [PlanAction], maxMembers: Int = PlatformLimits.maxMembers, maxAdmins: Int = PlatformLimits.maxAdmins) {
        self.maxMembers = maxMembers
        self.maxAdmins = maxAdmins
        standings = snapshot.standings
        members = standings.count
        admins = standings.values.filter(\.isAdmin).count
        for action in actions {
            let seats = seats(action)
            guard seats.freesSeat else { continue }
            freeing[action.id] = seats
            if seats.members < 0 { memberFreersLeft += 1 }
            if seats.admins < 0 { adminFreersLeft += 1 }
        }
    }

    /// How many of `action`'s kind may start now (a batch is trimmed to it); nil when the action
    /// takes no seat. 0 means: wait for room.
    func room(for action: PlanAction) -> Int? {
        let needs = seats(action)
        guard needs.takesSeat else { return nil }
        var room = Int.max
        if needs.members > 0 { room = min(room, maxMembers - members - memberAddsUnderWay) }
        if needs.admins > 0 { room = min(room, maxAdmins - admins - adminAddsUnderWay) }
        return max(0, room)
    }

    /// True when something still to finish may make room for `action`.
    func mayMakeRoom(for action: PlanAction) -> Bool {
        let needs = seats(action)
        return (needs.members > 0 && memberFreersLeft > 0) || (needs.admins > 0 && adminFreersLeft > 0)
    }

    mutating func started(_ action: PlanAction) {
        let needs = seats(action)
        taking[action.id] = needs
        if needs.members > 0 { memberAddsUnderWay += 1 }
        if needs.admins > 0 { adminAddsUnderWay += 1 }
    }

    /// Also for actions that never started (skipped, refused), so waiting ones stop waiting.
    mutating func finished(_ action: PlanAction, succeeded: Bool) {
        let needs = taking.removeValue(forKey: action.id) ?? .none
        let freed = freeing.removeValue(forKey: action.id) ?? .none
        if needs.members > 0 { memberAddsUnderWay -= 1 }
        if needs.admins > 0 { adminAddsUnderWay -= 1 }
        if freed.members < 0 { memberFreersLeft -= 1 }
        if freed.admins < 0 { adminFreersLeft -= 1 }
        guard succeeded, let member = action.member else { return }
        let seats = seats(action)
        members += seats.members
        admins += seats.admins
        standings[member] = action.change.standing(after: standings[member])
    }

    private func seats(_ action: PlanAction) -> SeatChange {
        SeatChange(action.change, from: action.member.flatMap { standings[$0] })
    }
}
