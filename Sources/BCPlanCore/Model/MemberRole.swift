/// A member's Business Center role.
public enum MemberRole: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case standard
}
