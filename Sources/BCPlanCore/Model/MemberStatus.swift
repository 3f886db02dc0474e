/// Whether a member or partner has accepted.
public enum MemberStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case pending
}
