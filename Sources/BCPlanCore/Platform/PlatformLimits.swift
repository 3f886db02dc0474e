/// The platform's limits on one Business Center (DESIGN §1): the one place that says them, for the
/// mock's rules, the apply's guards, the planner's ordering and the policy's defaults and bounds.
public enum PlatformLimits {
    /// Members, pending invitations included.
    public static let maxMembers = 4_000
    /// Admins, pending admin invitations included.
    public static let maxAdmins = 20

    /// `4,000`: a limit as the documentation writes it.
    static func written(_ limit: Int) -> String {
        limit < 1_000 ? "\(limit)" : "\(limit / 1_000)," + String(String(limit % 1_000 + 1_000).dropFirst())
    }
}
