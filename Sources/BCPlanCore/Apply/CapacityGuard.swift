/// Holds the platform's limits at every step of an apply: 4,000 members and 20 admins (pending
/// invitations included). The plan orders grants before removals, so at a limit an invitation
/// would be refused before the revoke that makes room for it; this guard lets it wait for that
/// revoke instead, and trims a batch of invitations to the room there is.
///
/// It only ever delays: when nothing that frees room is left, the action goes ahead and the
/// platform decides.
struct CapacityGuard {
    let maxMembers: Int
    let maxAdmins: Int
    private var members: Int
    private var admins: Set<String>
    private var memberAddsUnderWay = 0
    private var adminAddsUnderWay = 0
    /// Actions not yet finished that free a member or an admin seat.
    private var memberFreersLeft = 0
    private var adminFreersLeft = 0
    /// What each action frees, judged against the Business Center as the apply starts.
    private var freeing: [String: (member: Bool, admin: Bool)] = [:]
    /// What each started action takes, judged as it starts.
    private var taking: [String: (member: Bool, admin: Bool)] = [:]

    init(snapshot: Snapshot, actions: [PlanAction], maxMembers: Int = SnapshotEditor.maxMembers, maxAdmins: Int = SnapshotEditor.maxAdmins) {
        self.maxMembers = maxMembers
        self.maxAdmins = maxAdmins
        members = snapshot.members.count
        admins = Set(snapshot.members.filter { $0.role == .admin }.map(\.normalizedEmail))
        for action in actions {
            let freed = frees(action)
            guard freed.member || freed.admin else { continue }
            freeing[action.id] = freed
            if freed.member { memberFreersLeft += 1 }
            if freed.admin { adminFreersLeft += 1 }
        }
    }

    /// How many of `action`'s kind may start now (a batch is trimmed to it); nil when the action
    /// takes no seat. 0 means: wait for room.
    func room(for action: PlanAction) -> Int? {
        let needs = takes(action)
        guard needs.member || needs.admin else { return nil }
        var room = Int.max
        if needs.member { room = min(room, maxMembers - members - memberAddsUnderWay) }
        if needs.admin { room = min(room, maxAdmins - admins.count - adminAddsUnderWay) }
        return max(0, room)
    }

    /// True when something still to finish may make room for `action`.
    func mayMakeRoom(for action: PlanAction) -> Bool {
        let needs = takes(action)
        return (needs.member && memberFreersLeft > 0) || (needs.admin && adminFreersLeft > 0)
    }

    mutating func started(_ action: PlanAction) {
        let needs = takes(action)
        taking[action.id] = needs
        if needs.member { memberAddsUnderWay += 1 }
        if needs.admin { adminAddsUnderWay += 1 }
    }

    /// Also for actions that never started (skipped, refused), so waiting ones stop waiting.
    mutating func finished(_ action: PlanAction, succeeded: Bool) {
        let needs = taking.removeValue(forKey: action.id) ?? (false, false)
        let freed = freeing.removeValue(forKey: action.id) ?? (false, false)
        if needs.member { memberAddsUnderWay -= 1 }
        if needs.admin { adminAddsUnderWay -= 1 }
        if freed.member { memberFreersLeft -= 1 }
        if freed.admin { adminFreersLeft -= 1 }
        guard succeeded, let member = action.member else { return }
        if needs.member { members += 1 }
        if needs.admin { admins.insert(member) }
        if freed.member { members -= 1 }
        if freed.admin { admins.remove(member) }
    }

    /// Seats an action takes: an invitation takes a member seat, and an admin seat as admin; a
    /// promotion (or a pending invitation re-sent as admin) takes an admin seat.
    private func takes(_ action: PlanAction) -> (member: Bool, admin: Bool) {
        let asAdmin = action.after["role"]?.stringValue == MemberRole.admin.rawValue
        switch action.kind {
        case .invite: return (true, asAdmin)
        case .updateRole, .resend:
            guard let member = action.member else { return (false, false) }
            return (false, asAdmin && !admins.contains(member))
        default: return (false, false)
        }
    }

    private func frees(_ action: PlanAction) -> (member: Bool, admin: Bool) {
        guard let member = action.member else { return (false, false) }
        let isAdmin = admins.contains(member)
        switch action.kind {
        case .revoke: return (true, isAdmin)
        case .updateRole, .resend:
            return (false, isAdmin && action.after["role"]?.stringValue != nil && action.after["role"]?.stringValue != MemberRole.admin.rawValue)
        default: return (false, false)
        }
    }
}
