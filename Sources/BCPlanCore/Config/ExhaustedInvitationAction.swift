/// What to do with an invitation still unanswered after `max_resends`.
public enum ExhaustedInvitationAction: String, Sendable, Hashable, Codable, CaseIterable {
    case report
    case revoke
}
