/// The words that say what one action does, shared by the text and markdown renderers.
///
/// Reads the kind-specific `before`/`after` shapes of DESIGN §4 defensively: when a shape is not
/// the expected one, the headline falls back to the kind, the subject and the compact JSON of both
/// sides, so nothing is hidden. Strings that come from users or the platform (e-mails, names, asset
/// keys) pass through `escape`, so each renderer can make them safe for its medium.
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
        switch action.kind {
        case .assign, .share: action.before == .null ? action.kind.symbol : "~"
        default: action.kind.symbol
        }
    }

    /// `invite carla@acme.example as standard, with analyst on ad_account 7100000000000000001`.
    var text: String {
        specific ?? fallback
    }

    /// The kind and whom or what it touches, without the values: `revoke ben@acme.example`.
    var compact: String {
        var parts: [String] = []
        if let member = action.member { parts.append(escape(member)) }
        if let partner = action.partner { parts.append("partner " + escape(partner)) }
        if let asset = action.asset { parts.append("\(asset.type.rawValue) \(escape(asset.id))") }
        if parts.isEmpty { parts.append(escape(action.id)) }
        return parts.joined(separator: ", ")
    }

    // MARK: - Kinds

    private var specific: String? {
        switch action.kind {
        case .invite: invite
        case .resend: resend
        case .revoke: revoke
        case .updateRole: updateRole
        case .assign: permissionChange(verb: "assign", preposition: "to", removing: false)
        case .unassign: permissionChange(verb: "unassign", preposition: "from", removing: true)
        case .share: permissionChange(verb: "share", preposition: "with", removing: false)
        case .unshare: permissionChange(verb: "unshare", preposition: "from", removing: true)
        case .addPartner: addPartner
        case .removePartner: removePartner
        case .transfer: transfer
        case .requestAccess: requestAccess
        }
    }

    private var invite: String? {
        guard let member = action.member, let role = Self.string(action.after, "role") else { return nil }
        var text = "invite \(escape(member)) as \(escape(role))"
        if let finance = Self.string(action.after, "finance") { text += " and finance \(escape(finance))" }
        if case .array(let assets)? = Self.field(action.after, "assets"), !assets.isEmpty {
            var grants: [String] = []
            for asset in assets {
                guard let type = Self.string(asset, "type"), let id = Self.string(asset, "id"),
                      let permission = Self.permission(Self.field(asset, "permission")) else { return nil }
                // A known type is one of bcplan's own words, printed as is like everywhere else.
                let typeName = AssetType(rawValue: type)?.rawValue ?? escape(type)
                grants.append("\(escape(permission)) on \(typeName) \(escape(id))")
            }
            text += ", with " + grants.joined(separator: ", ")
        }
        return text
    }

    private var resend: String? {
        guard let member = action.member else { return nil }
        var text = "resend the invitation to \(escape(member))"
        let count = Self.int(action.after, "resends") ?? Self.int(action.before, "resends").map { $0 + 1 }
        if let count, count > 0 { text += " (\(Self.ordinal(count)) resend)" }
        return text
    }

    private var revoke: String? {
        guard let member = action.member else { return nil }
        let role = Self.string(action.before, "role").map { [escape($0)] } ?? []
        let finance = Self.string(action.before, "finance").map { ["finance " + escape($0)] } ?? []
        let roles = (role + finance).joined(separator: ", ")
        let suffix = roles.isEmpty ? "" : " (\(roles))"
        if Self.string(action.before, "status") == MemberStatus.pending.rawValue {
            return "revoke the pending invitation of \(escape(member))\(suffix)"
        }
        return "revoke \(escape(member))\(suffix)"
    }

    private var updateRole: String? {
        guard let member = action.member, case .object = action.before, case .object = action.after else {
            return nil
        }
        let roleBefore = Self.string(action.before, "role")
        let roleAfter = Self.string(action.after, "role")
        let financeBefore = Self.string(action.before, "finance")
        let financeAfter = Self.string(action.after, "finance")
        var changes: [String] = []
        if roleBefore != roleAfter || financeBefore == financeAfter {
            changes.append("\(escape(roleBefore ?? "none")) → \(escape(roleAfter ?? "none"))")
        }
        if financeBefore != financeAfter {
            changes.append("finance \(escape(financeBefore ?? "none")) → \(escape(financeAfter ?? "none"))")
        }
        return "update role of \(escape(member)): " + changes.joined(separator: ", ")
    }

    /// assign/unassign/share/unshare: `<verb> <asset> <preposition> <principal>: <permission>`, with
    /// `before → after` when both sides hold a permission. A grant needs `after`, a removal `before`.
    private func permissionChange(verb: String, preposition: String, removing: Bool) -> String? {
        guard let asset = action.asset else { return nil }
        let principal: String
        if let member = action.member {
            principal = escape(member)
        } else if let partner = action.partner {
            principal = "partner " + escape(partner)
        } else {
            return nil
        }
        let old = Self.permission(Self.field(action.before, "permission"))
        let new = Self.permission(Self.field(action.after, "permission"))
        guard let shown = removing ? old : new else { return nil }
        var values = escape(shown)
        if let old, let new, old != new { values = "\(escape(old)) → \(escape(new))" }
        return "\(verb) \(assetDisplay(asset)) \(preposition) \(principal): \(values)"
    }

    private var addPartner: String? {
        guard let partner = action.partner else { return nil }
        var text = "add partner " + partnerDisplay(partner, name: Self.string(action.after, "name"))
        if Self.field(action.after, "media_agency") == .bool(true) { text += " as a media agency" }
        return text
    }

    private var removePartner: String? {
        guard let partner = action.partner else { return nil }
        let pending = Self.string(action.before, "status") == MemberStatus.pending.rawValue
        return "remove \(pending ? "pending " : "")partner " + partnerDisplay(partner, name: Self.string(action.before, "name"))
    }

    private var transfer: String? {
        guard let asset = action.asset, let from = Self.string(action.before, "owner_bc_id"),
              let to = Self.string(action.after, "owner_bc_id") else { return nil }
        return "transfer \(assetDisplay(asset)) from \(businessCenter(from)) to \(businessCenter(to))"
    }

    private var requestAccess: String? {
        guard let asset = action.asset, let access = Self.permission(Self.field(action.after, "access")) else {
            return nil
        }
        var text = "request \(escape(access)) access to \(assetDisplay(asset))"
        if let owner = action.partner { text += " from \(businessCenter(owner))" }
        if let current = Self.permission(Self.field(action.before, "access")) {
            text += " (currently \(escape(current)))"
        }
        return text
    }

    private var fallback: String {
        "\(action.kind.rawValue) \(compact): \(escape(action.before.compact())) → \(escape(action.after.compact()))"
    }

    // MARK: - Pieces

    private func assetDisplay(_ asset: PlanAssetRef) -> String {
        let ref = "\(asset.type.rawValue) \(escape(asset.id))"
        guard let key = asset.key else { return ref }
        return "\(escape(key)) (\(ref))"
    }

    private func partnerDisplay(_ id: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return escape(id) }
        return "\(escape(name)) (\(escape(id)))"
    }

    private func businessCenter(_ id: String) -> String {
        id == businessCenterID ? "this Business Center" : escape(id)
    }

    // MARK: - Reading JSON

    static func field(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members[key]
    }

    static func string(_ value: JSONValue, _ key: String) -> String? {
        guard case .string(let string)? = field(value, key) else { return nil }
        return string
    }

    static func int(_ value: JSONValue, _ key: String) -> Int? {
        switch field(value, key) {
        case .int(let int)?: int
        case .double(let double)? where double == double.rounded() && abs(double) < 1e15: Int(double)
        default: nil
        }
    }

    /// `operator` for a level, `[live, post]` for a set (as `Permission.description` writes it).
    static func permission(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let level)?:
            return level
        case .array(let items)?:
            var values: [String] = []
            for item in items {
                guard case .string(let value) = item else { return nil }
                values.append(value)
            }
            return Permission.makeSet(values).description
        default:
            return nil
        }
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
