/// How a principal reaches an asset.
public enum AccessRoute: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A member with the BC role `admin`: reaches every asset this Business Center owns.
    case adminRole = "admin_role"
    /// A permission assigned to the member directly.
    case memberAssignment = "member_assignment"
    /// A partner Business Center the asset is shared with.
    case partnerShare = "partner_share"

    /// `admin role`, for people.
    public var words: String {
        switch self {
        case .adminRole: "admin role"
        case .memberAssignment: "member"
        case .partnerShare: "partner share"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: AccessRoute, rhs: AccessRoute) -> Bool { lhs.rank < rhs.rank }
}
