/// What one provider call asks of the Business Center, in the TikTok provider's terms.
///
/// `init(_:)` is the one place the provider reads plan actions' payloads (`member`, `partner`,
/// `asset`, `before`, `after`); everything after it works on this value.
enum TikTokChange: Sendable, Equatable {
    /// An invitation: the e-mails as written, one role, and the ad accounts to give with it.
    struct Invitation: Sendable, Equatable {
        var emails: [String]
        var role: MemberRole
        var finance: FinanceRole?
        /// Ad account id → permission level.
        var adAccounts: [String: String]
    }

    case invite(Invitation)
    /// A pending invitation sent again: cancelled by e-mail, then sent anew (one e-mail).
    case resend(Invitation)
    case revoke(email: String, pending: Bool)
    case updateRole(email: String, role: MemberRole, finance: FinanceRole?)
    case assign(email: String, asset: AssetRef, permission: Permission)
    case unassign(email: String, asset: AssetRef)
    case addPartner(String)
    /// Assets of one type shared with one partner at one permission.
    case share(partner: String, type: AssetType, ids: [String], permission: Permission)
    case unshare(partner: String, type: AssetType, ids: [String])
    case removePartner(String)
    /// A kind TikTok's API has no call for.
    case unsupported(ActionKind)

    init(_ call: ProviderCall) throws(ProviderError) {
        let first = call.actions[0]
        switch call.kind {
        case .invite:
            self = .invite(try Self.invitation(call.actions))
        case .resend:
            self = .resend(try Self.invitation([first]))
        case .revoke:
            self = .revoke(email: try Self.member(first), pending: first.before["status"]?.stringValue == MemberStatus.pending.rawValue)
        case .updateRole:
            let (role, finance) = try Self.roles(first)
            self = .updateRole(email: try Self.member(first), role: role, finance: finance)
        case .assign:
            let asset = try Self.asset(first)
            self = .assign(email: try Self.member(first), asset: asset, permission: try Self.permission(first, asset.type))
        case .unassign:
            self = .unassign(email: try Self.member(first), asset: try Self.asset(first))
        case .addPartner:
            self = .addPartner(try Self.partner(first))
        case .share:
            // One partner, one asset type, one permission (see ProviderCall.batchKey).
            let asset = try Self.asset(first)
            self = .share(partner: try Self.partner(first), type: asset.type, ids: try call.actions.map { action throws(ProviderError) in try Self.asset(action).id },
                          permission: try Self.permission(first, asset.type))
        case .unshare:
            let asset = try Self.asset(first)
            self = .unshare(partner: try Self.partner(first), type: asset.type, ids: try call.actions.map { action throws(ProviderError) in try Self.asset(action).id })
        case .removePartner:
            self = .removePartner(try Self.partner(first))
        case .transfer, .requestAccess:
            self = .unsupported(call.kind)
        }
    }

    // MARK: Reading the payload

    private static func invitation(_ actions: [PlanAction]) throws(ProviderError) -> Invitation {
        let first = actions[0]
        let (role, finance) = try roles(first)
        var emails: [String] = []
        for action in actions {
            let email = try member(action)
            emails.append(action.after["email"]?.stringValue ?? email)
        }
        var adAccounts: [String: String] = [:]
        for item in first.after["assets"]?.arrayValue ?? [] where item["type"]?.stringValue == AssetType.adAccount.rawValue {
            guard let id = item["id"]?.stringValue, let level = item["permission"]?.stringValue else { continue }
            adAccounts[id] = level
        }
        return Invitation(emails: emails, role: role, finance: finance, adAccounts: adAccounts)
    }

    private static func roles(_ action: PlanAction) throws(ProviderError) -> (MemberRole, FinanceRole?) {
        guard let text = action.after["role"]?.stringValue, let role = MemberRole(rawValue: text) else {
            throw ProviderError("\(action.id) names no role")
        }
        return (role, action.after["finance"]?.stringValue.flatMap(FinanceRole.init(rawValue:)))
    }

    private static func member(_ action: PlanAction) throws(ProviderError) -> String {
        guard let member = action.member else { throw ProviderError("\(action.id) names no member") }
        return member.lowercased()
    }

    private static func partner(_ action: PlanAction) throws(ProviderError) -> String {
        guard let partner = action.partner else { throw ProviderError("\(action.id) names no partner") }
        return partner
    }

    private static func asset(_ action: PlanAction) throws(ProviderError) -> AssetRef {
        guard let asset = action.asset else { throw ProviderError("\(action.id) names no asset") }
        return asset.ref
    }

    private static func permission(_ action: PlanAction, _ type: AssetType) throws(ProviderError) -> Permission {
        switch action.after["permission"] {
        case .string(let level)?: return .level(level)
        case .array(let items)?: return .makeSet(items.compactMap(\.stringValue))
        default: throw ProviderError("\(action.id): a \(type.rawValue) permission is missing")
        }
    }
}
