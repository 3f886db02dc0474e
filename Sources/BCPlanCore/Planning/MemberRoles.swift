/// A member's Business Center role with their finance role: what an invitation or a role change
/// sets as one.
public struct MemberRoles: Sendable, Hashable, CustomStringConvertible {
    public var role: MemberRole
    public var finance: FinanceRole?

    public init(role: MemberRole, finance: FinanceRole? = nil) {
        self.role = role
        self.finance = finance
    }

    /// `standard`, or `admin + finance manager`.
    public var description: String {
        role.rawValue + (finance.map { " + finance \($0.rawValue)" } ?? "")
    }

    /// Grant when the change raises the BC role or (without a demotion) the finance role; reduce otherwise.
    public static func privilege(from old: MemberRoles, to new: MemberRoles) -> Privilege {
        let promotes = new.role == .admin && old.role == .standard
        let demotes = new.role == .standard && old.role == .admin
        let financeGain = rank(new.finance) > rank(old.finance)
        return promotes || (!demotes && financeGain) ? .grant : .reduce
    }

    private static func rank(_ finance: FinanceRole?) -> Int {
        switch finance {
        case nil: 0
        case .analyst?: 1
        case .manager?: 2
        }
    }
}
