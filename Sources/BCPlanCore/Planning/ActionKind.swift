/// The kinds of change a plan can hold (DESIGN §4), in the order summaries list them.
public enum ActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case invite
    case resend
    case revoke
    case updateRole = "update_role"
    case assign
    case unassign
    case addPartner = "add_partner"
    case removePartner = "remove_partner"
    case share
    case unshare
    case transfer
    case requestAccess = "request_access"

    /// How the text plan marks an action of this kind (changes of a permission use `~`).
    public var symbol: String {
        switch self {
        case .invite, .assign, .addPartner, .share, .requestAccess: "+"
        case .revoke, .unassign, .removePartner, .unshare: "-"
        case .updateRole: "~"
        case .resend: "↻"
        case .transfer: "→"
        }
    }

    /// The phrase of the summary line: "2 to invite".
    public func summaryPhrase(_ count: Int) -> String {
        switch self {
        case .invite: "\(count) to invite"
        case .resend: "\(count) to resend"
        case .revoke: "\(count) to revoke"
        case .updateRole: "\(count) role\(count == 1 ? "" : "s") to update"
        case .assign: "\(count) to assign"
        case .unassign: "\(count) to unassign"
        case .addPartner: "\(count) partner\(count == 1 ? "" : "s") to add"
        case .removePartner: "\(count) partner\(count == 1 ? "" : "s") to remove"
        case .share: "\(count) to share"
        case .unshare: "\(count) to unshare"
        case .transfer: "\(count) to transfer"
        case .requestAccess: "\(count) access request\(count == 1 ? "" : "s")"
        }
    }

    /// True for the removals that count towards `policy.max_revoke_fraction` (DESIGN §6): members
    /// revoked (pending invitations included) and partners removed.
    public var countsAsRemoval: Bool {
        switch self {
        case .revoke, .removePartner: true
        case .invite, .resend, .updateRole, .assign, .unassign, .addPartner, .share, .unshare, .transfer, .requestAccess: false
        }
    }
}
