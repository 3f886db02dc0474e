/// A member's optional finance role.
public enum FinanceRole: String, Sendable, Hashable, Codable, CaseIterable {
    case manager
    case analyst
}
