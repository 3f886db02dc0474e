/// Whether an action gives access, takes it away, or neither, so reviewers see escalations first.
public enum Privilege: String, Sendable, Hashable, Codable {
    case grant
    case reduce
    case none
}
