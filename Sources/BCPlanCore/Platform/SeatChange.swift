/// How one action moves the three counts that bound a Business Center: members and admins (both
/// with pending invitations, as the platform limits them) and active admins (as `policy.min_admins`
/// counts them). Each is −1, 0 or +1.
///
/// The one answer to "does this action make or remove an admin", for the planner's order and
/// policy check and for both guards of an apply.
public struct SeatChange: Sendable, Hashable {
    public var members: Int
    public var admins: Int
    public var activeAdmins: Int

    /// The difference between a member's standing before and after.
    public init(from before: MemberStanding?, to after: MemberStanding?) {
        func count(_ standing: MemberStanding?, _ counts: (MemberStanding) -> Bool) -> Int {
            standing.map { counts($0) ? 1 : 0 } ?? 0
        }
        members = (after == nil ? 0 : 1) - (before == nil ? 0 : 1)
        admins = count(after, \.isAdmin) - count(before, \.isAdmin)
        activeAdmins = count(after, \.isActiveAdmin) - count(before, \.isActiveAdmin)
    }

    /// What `change` does to the seats of the member it concerns, who stands as `standing` now;
    /// nothing for an action on no member.
    public init(_ change: PlanChange, from standing: MemberStanding?) {
        self.init(from: standing, to: change.standing(after: standing))
    }

    public static let none = SeatChange(from: nil, to: nil)

    /// True when it takes a seat the platform counts (a member or an admin).
    public var takesSeat: Bool { members > 0 || admins > 0 }

    /// True when it frees a seat the platform counts.
    public var freesSeat: Bool { members < 0 || admins < 0 }
}
