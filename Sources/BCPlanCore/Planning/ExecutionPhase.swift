/// The coarse order of a plan (DESIGN §4): ownership and partnerships first, then grants and
/// promotions, then revokes and reductions. Dependencies refine it (`PlanOrder`).
public enum ExecutionPhase: Int, Sendable, Hashable, Comparable {
    case ownership
    case grants
    case reductions

    public static func < (lhs: ExecutionPhase, rhs: ExecutionPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}
