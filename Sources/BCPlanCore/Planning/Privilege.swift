/// Whether an action gives access, takes it away, or neither, so reviewers see escalations first.
public enum Privilege: String, Sendable, Hashable, Codable {
    case grant
    case reduce
    case none

    /// A permission set to `after` on an asset of `type` where `before` was held: grant when it
    /// gives anything new, reduce when it only takes away.
    public static func of(from before: Permission?, to after: Permission, type: AssetType) -> Privilege {
        guard let before else { return .grant }
        if before == after { return .none }
        return before.covers(after, for: type) ? .reduce : .grant
    }
}
