/// Keeps active admins at or above `policy.min_admins` at every instant of an apply, also while
/// actions run in parallel: an action that removes an active admin starts only if the admins left,
/// counting every removal already under way, stay at the floor.
///
/// The plan already orders promotions before removals; this is the executor's own check, so a
/// failed promotion or a hand-made change since planning cannot take the Business Center below it.
struct AdminFloorGuard {
    let minimum: Int
    private var activeAdmins: Set<String>
    private var removalsUnderWay: Set<String> = []
    private var promotionsUnderWay: Set<String> = []

    init(minimum: Int, snapshot: Snapshot) {
        self.minimum = minimum
        activeAdmins = Set(snapshot.members.filter { $0.status == .active && $0.role == .admin }.map(\.normalizedEmail))
    }

    enum Decision: Equatable {
        case go
        /// A promotion is under way; ask again when it ends.
        case wait
        case refuse(String)
    }

    /// Whether `action` may start now.
    func decide(_ action: PlanAction) -> Decision {
        guard let member = action.member, removesAdmin(action, member: member) else { return .go }
        let left = activeAdmins.subtracting(removalsUnderWay).subtracting([member]).count
        if left >= minimum { return .go }
        if !promotionsUnderWay.isEmpty { return .wait }
        return .refuse("not started: it would leave \(left) active admin\(left == 1 ? "" : "s"), fewer than policy.min_admins (\(minimum))")
    }

    mutating func started(_ action: PlanAction) {
        guard let member = action.member else { return }
        if removesAdmin(action, member: member) { removalsUnderWay.insert(member) }
        if promotes(action, member: member) { promotionsUnderWay.insert(member) }
    }

    mutating func finished(_ action: PlanAction, succeeded: Bool) {
        guard let member = action.member else { return }
        removalsUnderWay.remove(member)
        promotionsUnderWay.remove(member)
        guard succeeded else { return }
        if removesAdmin(action, member: member) { activeAdmins.remove(member) }
        if promotes(action, member: member) { activeAdmins.insert(member) }
    }

    private func removesAdmin(_ action: PlanAction, member: String) -> Bool {
        guard activeAdmins.contains(member) else { return false }
        switch action.kind {
        case .revoke: return true
        case .updateRole: return action.after["role"]?.stringValue != MemberRole.admin.rawValue
        default: return false
        }
    }

    /// Only an active member's promotion adds an active admin; an invitation adds a pending one.
    private func promotes(_ action: PlanAction, member: String) -> Bool {
        action.kind == .updateRole && !activeAdmins.contains(member)
            && action.after["role"]?.stringValue == MemberRole.admin.rawValue
    }
}
