/// Keeps active admins at or above `policy.min_admins` at every instant of an apply, also while
/// actions run in parallel: an action that removes an active admin starts only if the admins left,
/// counting every removal already under way, stay at the floor.
///
/// The plan already orders promotions before the removals that need them (`PlanOrder`); this is
/// the apply's own check, so a failed promotion or a hand-made change since planning cannot take
/// the Business Center below it.
struct AdminFloorGuard {
    let minimum: Int
    private var standings: [String: MemberStanding]
    private var activeAdmins: Int
    private var removalsUnderWay: Set<String> = []
    private var promotionsUnderWay: Set<String> = []

    init(minimum: Int, snapshot: Snapshot) {
        self.minimum = minimum
        standings = snapshot.standings
        activeAdmins = standings.values.filter(\.isActiveAdmin).count
    }

    enum Decision: Equatable {
        case go
        /// A promotion is under way; ask again when it ends.
        case wait
        case refuse(String)
    }

    /// Whether `action` may start now.
    func decide(_ action: PlanAction) -> Decision {
        guard let member = action.member, seats(action).activeAdmins < 0 else { return .go }
        let left = activeAdmins - removalsUnderWay.subtracting([member]).count - 1
        if left >= minimum { return .go }
        if !promotionsUnderWay.isEmpty { return .wait }
        return .refuse("not started: it would leave \(left.counted("active admin")), fewer than policy.min_admins (\(minimum))")
    }

    mutating func started(_ action: PlanAction) {
        guard let member = action.member else { return }
        let seats = seats(action)
        if seats.activeAdmins < 0 { removalsUnderWay.insert(member) }
        if seats.activeAdmins > 0 { promotionsUnderWay.insert(member) }
    }

    mutating func finished(_ action: PlanAction, succeeded: Bool) {
        guard let member = action.member else { return }
        removalsUnderWay.remove(member)
        promotionsUnderWay.remove(member)
        guard succeeded else { return }
        activeAdmins += seats(action).activeAdmins
        standings[member] = action.change.standing(after: standings[member])
    }

    private func seats(_ action: PlanAction) -> SeatChange {
        SeatChange(action.change, from: action.member.flatMap { standings[$0] })
    }
}
