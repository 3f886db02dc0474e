/// The words that say what one action does, shared by the text and markdown renderers.
///
/// Strings that come from users or the platform (e-mails, names, asset keys) pass through
/// `escape`, so each renderer can make them safe for its medium.
struct ActionHeadline {
    let action: PlanAction
    /// The planned Business Center's id: a transfer to or from it says "this Business Center".
    let businessCenterID: String
    let escape: (String) -> String

    init(_ action: PlanAction, businessCenterID: String, escape: @escaping (String) -> String = { $0 }) {
        self.action = action
        self.businessCenterID = businessCenterID
        self.escape = escape
    }

    /// `ActionKind.symbol`, except that changing an existing assignment or share is `~`.
    var symbol: String {
        switch action.change {
        case .assign(_, _, .some, _), .share(_, _, .some, _): "~"
        case .invite, .resend, .revoke, .updateRole, .assign, .unassign, .addPartner, .removePartner, .share, .unshare,
             .transfer, .requestAccess:
            action.kind.symbol
        }
    }

    /// `invite carla@acme.example as standard, with analyst on ad_account 7100000000000000001`.
    var text: String {
        switch action.change {
        case .invite(let invitation):
            return invite(invitation)
        case .resend(let invitation, let previous):
            return "resend the invitation to \(escape(invitation.member)) (\(Self.ordinal(previous.resends + 1)) resend)"
        case .revoke(let member, let roles, let status):
            let finance = roles.finance.map { ", finance " + escape($0.rawValue) } ?? ""
            let whom = status == .pending ? "the pending invitation of \(escape(member))" : escape(member)
            return "revoke \(whom) (\(escape(roles.role.rawValue))\(finance))"
        case .updateRole(let member, let from, let to):
            return "update role of \(escape(member)): " + roleChanges(from: from, to: to)
        case .assign(let member, let asset, let from, let to):
            return permissionChange("assign", asset, "to", escape(member), from: from, to: to)
        case .unassign(let member, let asset, let from):
            return permissionChange("unassign", asset, "from", escape(member), from: from, to: nil)
        case .share(let partner, let asset, let from, let to):
            return permissionChange("share", asset, "with", "partner " + partnerDisplay(partner), from: from, to: to)
        case .unshare(let partner, let asset, let from):
            return permissionChange("unshare", asset, "from", "partner " + partnerDisplay(partner), from: from, to: nil)
        case .addPartner(let partner, let name, let mediaAgency):
            return "add partner " + partnerDisplay(partner, fallback: name) + (mediaAgency ? " as a media agency" : "")
        case .removePartner(let partner, let name, let status, _):
            return "remove \(status == .pending ? "pending " : "")partner " + partnerDisplay(partner, fallback: name)
        case .transfer(let asset, let from, let to, _):
            return "transfer \(assetDisplay(asset)) from \(businessCenter(from)) to \(businessCenter(to))"
        case .requestAccess(let asset, let owner, let held, let wanted):
            return "request \(escape(wanted.description)) access to \(assetDisplay(asset)) from \(businessCenter(owner))"
                + (held.map { " (currently \(escape($0.description)))" } ?? "")
        }
    }

    /// Whom and what the action touches, without the values: `ben@acme.example`, or
    /// `partner Fjord Creative Studio (7310022334455660003), nw-us (ad_account 7310000000000000001)`.
    var compact: String {
        var parts: [String] = []
        if let member = action.member { parts.append(escape(member)) }
        if let partner = action.partner { parts.append("partner " + partnerDisplay(partner)) }
        if let asset = action.asset { parts.append(assetDisplay(asset)) }
        if parts.isEmpty { parts.append(escape(action.id)) }
        return parts.joined(separator: ", ")
    }

    // MARK: - Pieces

    private func invite(_ invitation: Invitation) -> String {
        var text = "invite \(escape(invitation.member)) as \(escape(invitation.roles.role.rawValue))"
        if let finance = invitation.roles.finance { text += " and finance \(escape(finance.rawValue))" }
        guard !invitation.assets.isEmpty else { return text }
        let grants = invitation.assets.map { grant in
            let asset = PlanAssetRef(type: grant.type, id: grant.id, key: action.names.grantKeys[grant.assetRef])
            return "\(escape(grant.permission.description)) on \(assetDisplay(asset))"
        }
        return text + ", with " + grants.joined(separator: ", ")
    }

    /// `admin → standard`, `finance manager → none`, or both.
    private func roleChanges(from: MemberRoles, to: MemberRoles) -> String {
        var changes: [String] = []
        if from.role != to.role || from.finance == to.finance {
            changes.append("\(escape(from.role.rawValue)) → \(escape(to.role.rawValue))")
        }
        if from.finance != to.finance {
            changes.append("finance \(escape(from.finance?.rawValue ?? "none")) → \(escape(to.finance?.rawValue ?? "none"))")
        }
        return changes.joined(separator: ", ")
    }

    /// `<verb> <asset> <preposition> <principal>: <permission>`, with `before → after` when both
    /// sides hold a different permission; a removal shows what goes.
    private func permissionChange(
        _ verb: String, _ asset: PlanAssetRef, _ preposition: String, _ principal: String, from: Permission?, to: Permission?
    ) -> String {
        var values = escape((to ?? from)?.description ?? "")
        if let from, let to, from != to { values = "\(escape(from.description)) → \(escape(to.description))" }
        return "\(verb) \(assetDisplay(asset)) \(preposition) \(principal): \(values)"
    }

    private func assetDisplay(_ asset: PlanAssetRef) -> String {
        let ref = "\(asset.type.rawValue) \(escape(asset.id))"
        guard let key = asset.key else { return ref }
        return "\(escape(key)) (\(ref))"
    }

    /// The partner by the name the plan knows (`ActionNames`, else `fallback`), with its id after it.
    private func partnerDisplay(_ id: String, fallback: String? = nil) -> String {
        guard let name = action.names.partner ?? fallback, !name.isEmpty else { return escape(id) }
        return "\(escape(name)) (\(escape(id)))"
    }

    /// "this Business Center", or the other one, by name when it is the action's partner.
    private func businessCenter(_ id: String) -> String {
        if id == businessCenterID { return "this Business Center" }
        return id == action.partner ? partnerDisplay(id) : escape(id)
    }

    /// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st.
    static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }
}
