/// What to do with members and partners that are present but not declared.
public enum UnmanagedPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case revoke
    case keep
}
