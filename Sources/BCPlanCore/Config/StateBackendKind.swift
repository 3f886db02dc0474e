/// `state.backend`: where the recorded state lives.
public enum StateBackendKind: String, Sendable, Hashable, CaseIterable {
    case file
    case postgres
}
