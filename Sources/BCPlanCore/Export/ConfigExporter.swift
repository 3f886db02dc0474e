import Foundation

/// Writes a Business Center as a bcplan.yaml (DESIGN §2): the live members, partners and assets,
/// with the provider, state and policy carried over from the config that reached it.
///
/// The text depends only on its inputs (no clock): members sorted by role then e-mail, partners by
/// id, assets by type then key, grants by key. What cannot be declared is left out with a comment
/// and listed in `notes`.
struct ConfigExporter {
    /// The carried-over settings, paths already as the exported file must write them.
    struct Settings {
        var schemaReference: String
        var provider: ProviderConfig
        var storePath: String
        /// A file path as the exported config should write it (rebased), or a PostgreSQL workspace.
        var state: StateLocation
        var policy: Policy
        /// What the config declares about each piece of access, carried into the export.
        var declared = DeclaredTerms()
        /// `acknowledge:` entries (by position in `declared.acknowledgements`) that a plan of the
        /// export would call stale, each left out with a comment and a note (`ExportSession`).
        var staleAcknowledgements: Set<Int> = []
    }

    /// The first line of the file, before the schema reference; `ExportSession` reads the config's own.
    static let schemaLinePrefix = "# yaml-language-server: $schema="

    let snapshot: Snapshot
    let settings: Settings
    private(set) var notes: [String] = []
    /// The positions in `declared.acknowledgements` of the entries written, in the file's order.
    private(set) var writtenAcknowledgements: [Int] = []
    private var lines: [String] = []
    private let keys: [AssetRef: String]
    private let assets: [AssetRef: AssetRecord]

    init(snapshot: Snapshot, settings: Settings) {
        self.snapshot = snapshot.normalized()
        self.settings = settings
        keys = AssetKeys.keys(for: snapshot.assets)
        assets = Dictionary(snapshot.assets.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The config text, the notes about what it leaves out, and which `acknowledge:` entries it
    /// wrote (their positions in `declared.acknowledgements`, in the file's order).
    static func export(_ snapshot: Snapshot, settings: Settings) -> (text: String, notes: [String], acknowledgements: [Int]) {
        var exporter = ConfigExporter(snapshot: snapshot, settings: settings)
        exporter.writeAll()
        return (exporter.lines.map { $0 + "\n" }.joined(), exporter.notes, exporter.writtenAcknowledgements)
    }

    private var ownID: String { snapshot.businessCenter.id }

    /// An asset whose owner the provider could not name (TikTok gives no owner for another
    /// Business Center's TikTok account): it cannot be declared without a person saying whose it is.
    private static func ownerIsKnown(_ asset: AssetRecord) -> Bool {
        ConfigSchema.businessCenterID.accepts(asset.ownerBCID[...])
    }

    private mutating func line(_ text: String, comment: String? = nil) {
        guard let comment else {
            lines.append(text)
            return
        }
        lines.append(text + "   # " + Self.flattened(comment))
    }

    /// A comment line of its own, at `indent`.
    private mutating func comment(_ text: String, indent: String) {
        lines.append(indent + "# " + Self.flattened(text))
    }

    /// Comments hold one line, and YAML allows no control characters in them: text from the
    /// platform (names, ids) may hold either.
    private static func flattened(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.isControlCharacter || scalar.value == 0x2028 || scalar.value == 0x2029
                ? " " : scalar
        }))
    }

    private mutating func writeAll() {
        let center = snapshot.businessCenter
        line(Self.schemaLinePrefix + settings.schemaReference)
        line("#")
        comment("Written by `bcplan export` from the live Business Center\(center.name.map { " " + $0 } ?? "") (\(ownID)).", indent: "")
        line("# Asset keys are derived from the asset names; rename them freely (also where they are used).")
        line("version: 1")
        line("business_center:")
        line("  id: \(YAMLScalar.quoted(ownID))")
        if let name = center.name, !name.isEmpty { line("  name: \(YAMLScalar.text(name))") }
        writeProvider()
        writeState()
        writePolicy()
        line("")
        writeAssets()
        line("")
        writeMembers()
        line("")
        writePartners()
        writeAcknowledgements()
    }

    private mutating func writeState() {
        switch settings.state {
        case .file(_, let displayPath):
            line("state: \(YAMLScalar.text(displayPath))")
        case .postgres(let location):
            line("state:")
            line("  backend: postgres")
            line("  url_env: \(YAMLScalar.text(location.urlVariable))")
            line("  schema: \(YAMLScalar.text(location.schema))")
            line("  workspace: \(YAMLScalar.quoted(location.workspace))")
        }
    }

    private mutating func writeProvider() {
        let provider = settings.provider
        let defaults = ProviderConfig(storePath: "", storeDisplayPath: "")
        line("provider:")
        line("  kind: \(provider.kind.rawValue)")
        switch provider.kind {
        case .mock:
            line("  store: \(YAMLScalar.text(settings.storePath))")
        case .tiktok:
            if provider.baseURL != defaults.baseURL { line("  base_url: \(YAMLScalar.text(provider.baseURL))") }
            if provider.tokenEnvironmentVariable != defaults.tokenEnvironmentVariable {
                line("  token_env: \(YAMLScalar.text(provider.tokenEnvironmentVariable))")
            }
        }
        if let caller = provider.caller { line("  caller: \(YAMLScalar.text(caller))") }
        if let rate = provider.requestsPerSecond { line("  requests_per_second: \(Self.number(rate))") }
        // The simulation's keys come last, as in the documentation.
        switch provider.kind {
        case .mock:
            if provider.latencyMilliseconds != 0 { line("  latency_ms: \(provider.latencyMilliseconds)") }
            if provider.transientFailureRate != 0 { line("  transient_failure_rate: \(Self.number(provider.transientFailureRate))") }
            if provider.seed != 0 { line("  seed: \(provider.seed)") }
        case .tiktok:
            break
        }
    }

    private mutating func writePolicy() {
        let policy = settings.policy
        line("policy:")
        line("  min_admins: \(policy.minAdmins)")
        line("  max_admins: \(policy.maxAdmins)")
        line("  max_members: \(policy.maxMembers)")
        line("  max_revoke_fraction: \(Self.number(policy.maxRevokeFraction))")
        line("  unmanaged: \(policy.unmanaged.rawValue)")
        if !policy.protected.isEmpty {
            let entries = policy.protected.sorted().map { $0.contains("@") ? YAMLScalar.text($0) : YAMLScalar.quoted($0) }
            line("  protected: [\(entries.joined(separator: ", "))]")
        }
        line("  invites:")
        line("    expire_after_days: \(policy.invites.expireAfterDays)")
        line("    resend_after_days: \(policy.invites.resendAfterDays)")
        line("    max_resends: \(policy.invites.maxResends)")
        line("    on_exhausted: \(policy.invites.onExhausted.rawValue)")
        // The keys of owners, ends and reviews only when set, so an export without them reads as before.
        let defaults = Policy()
        if policy.expiryWarningDays != defaults.expiryWarningDays { line("  expiry_warning_days: \(policy.expiryWarningDays)") }
        if let days = policy.maxGrantDays { line("  max_grant_days: \(days)") }
        if policy.reviewEveryDays != defaults.reviewEveryDays { line("  review_every_days: \(policy.reviewEveryDays)") }
        // Rules the exported Business Center already breaks are written as comments (and said in
        // a note): the export must validate.
        func rule(_ text: String, brokenBy breakers: [String]) {
            guard !breakers.isEmpty else {
                line("  " + text)
                return
            }
            let list = breakers.sorted().joined(separator: ", ")
            comment("\(text)   (not carried over: \(list))", indent: "  ")
            notes.append("policy.\(text.prefix { $0 != ":" }) is not carried over, since the Business Center breaks it: \(list)")
        }
        if policy.requireOwner {
            rule("require_owner: true", brokenBy: snapshot.partners.filter { owner(declared: settings.declared.partner($0.bcID)) == nil }
                .map { "partner \($0.bcID) has no owner" })
        }
        if policy.requireMemberOwner {
            rule("require_member_owner: true", brokenBy: snapshot.members
                .filter { owner(declared: settings.declared.member($0.email)?.terms) == nil }
                .map { "member \($0.normalizedEmail) has no owner" })
        }
        if !policy.memberDomains.isEmpty {
            let outside = snapshot.members.filter { member in
                guard !policy.memberDomains.contains(ConfigDecoder.domain(of: member.email)) else { return false }
                guard let declared = settings.declared.member(member.email) else { return true }
                return !declared.external || owner(declared: declared.terms) == nil
            }
            rule("member_domains: [\(policy.memberDomains.map(YAMLScalar.text).joined(separator: ", "))]",
                 brokenBy: outside.map { "\($0.normalizedEmail) is outside them" })
        }
        if !policy.maxPartnerPermission.isEmpty {
            let ceilings = AssetType.allCases.compactMap { type in
                policy.maxPartnerPermission[type].map { "\(type.rawValue): \(YAMLScalar.text($0.description))" }
            }
            var above: [String] = []
            for partner in snapshot.partners {
                for share in partner.shares {
                    guard let ceiling = policy.maxPartnerPermission[share.type],
                          !ceiling.covers(share.permission, for: share.type) else { continue }
                    above.append("partner \(partner.bcID) holds \(share.permission) on \(share.assetRef)")
                }
            }
            rule("max_partner_permission: {\(ceilings.joined(separator: ", "))}", brokenBy: above)
        }
    }

    /// A declared owner that the export can name: one who is a member of the Business Center
    /// (the file must declare every owner as a member).
    private func owner(declared terms: AccessTerms?) -> String? {
        guard let owner = terms?.owner, liveMembers.contains(owner) else { return nil }
        return owner
    }

    /// The members of the exported Business Center, by lower-case e-mail.
    private var liveMembers: Set<String> { Set(snapshot.members.map(\.normalizedEmail)) }

    /// `owner`, `reason`, `expires` and `reviewed` lines at `indent`; an owner who is not a member
    /// is left out with a comment and a note.
    private mutating func writeTerms(_ terms: AccessTerms, indent: String, subject: String) {
        if let declared = terms.owner {
            if owner(declared: terms) != nil {
                line(indent + "owner: \(YAMLScalar.text(declared))")
            } else {
                comment("owner \(declared) is not a member of the Business Center, so it is not exported", indent: indent)
                notes.append("\(subject): owner \(declared) is not a member of the Business Center, so it is not exported")
            }
        }
        if let reason = terms.reason { line(indent + "reason: \(YAMLScalar.text(reason))") }
        if let expires = terms.expires { line(indent + "expires: \(expires)") }
        if let reviewed = terms.reviewed { line(indent + "reviewed: \(reviewed)") }
    }

    private mutating func writeAssets() {
        let ordered = snapshot.assets.sorted { ($0.type, keys[$0.ref]!) < ($1.type, keys[$1.ref]!) }
        guard !ordered.isEmpty else {
            line("assets: []")
            return
        }
        line("assets:")
        for asset in ordered {
            guard Self.ownerIsKnown(asset) else {
                let reason = "\(asset.ref)\(asset.name.map { " (\($0))" } ?? ""): owned by a Business Center the provider does not name; declare it with owner: and access:"
                comment("not exported: \(reason)", indent: "  ")
                notes.append("assets: not exported: \(reason)")
                continue
            }
            line("  - key: \(YAMLScalar.text(keys[asset.ref]!))")
            line("    type: \(asset.type.rawValue)")
            line("    id: \(YAMLScalar.quoted(asset.id))")
            if let name = asset.name, !name.isEmpty { line("    name: \(YAMLScalar.text(name))") }
            guard asset.ownerBCID != ownID else { continue }
            line("    owner: \(YAMLScalar.quoted(asset.ownerBCID))")
            let requested = asset.requested.map { "access \($0) requested, waiting for the owner's approval" }
            if let access = asset.access, asset.type.acceptsAccessRequest {
                line("    access: \(access)", comment: requested)
            } else if let access = asset.access {
                comment("this Business Center holds \(access) on it; access can be declared only on ad_account and tiktok_account", indent: "    ")
            } else if let requested {
                comment("no access yet; \(requested)", indent: "    ")
            }
        }
    }

    private mutating func writeMembers() {
        let ordered = snapshot.members.sorted {
            ($0.role == .admin ? 0 : 1, $0.normalizedEmail) < ($1.role == .admin ? 0 : 1, $1.normalizedEmail)
        }
        guard !ordered.isEmpty else {
            line("members: []")
            return
        }
        line("members:")
        for member in ordered {
            line("  - email: \(YAMLScalar.text(member.email))", comment: member.status == .pending ? Self.pendingNote(member) : nil)
            line("    role: \(member.role.rawValue)")
            if let finance = member.finance { line("    finance: \(finance.rawValue)") }
            if let declared = settings.declared.member(member.email) {
                if declared.external, owner(declared: declared.terms) != nil { line("    external: true") }
                writeTerms(declared.terms, indent: "    ", subject: "member \(member.normalizedEmail)")
            }
            let declared = settings.declared
            writeGrants(member.assets, under: "assets", owner: "member \(member.normalizedEmail)", sharing: false,
                        terms: { declared.grant(member: member.email, asset: $0) })
        }
    }

    /// "invitation pending since 2026-09-20, resent 1 time": the dates come from the platform or the state.
    private static func pendingNote(_ member: MemberRecord) -> String {
        let resent = member.resends > 0 ? ", resent \(member.resends) time\(member.resends == 1 ? "" : "s")" : ""
        guard let text = member.invitedAt, let sent = Clock.parse(text) else {
            return "invitation pending, sending time unknown\(resent)"
        }
        return "invitation pending since \(Clock.day(sent))\(resent)"
    }

    private mutating func writePartners() {
        guard !snapshot.partners.isEmpty else {
            line("partners: []")
            return
        }
        line("partners:")
        for partner in snapshot.partners {
            line("  - bc_id: \(YAMLScalar.quoted(partner.bcID))", comment: partner.status == .pending ? "partner request pending" : nil)
            if let name = partner.name, !name.isEmpty { line("    name: \(YAMLScalar.text(name))") }
            line("    media_agency: \(partner.mediaAgency ? "true" : "false")")
            if let terms = settings.declared.partner(partner.bcID) {
                writeTerms(terms, indent: "    ", subject: "partner \(partner.bcID)")
            }
            let declared = settings.declared
            writeGrants(partner.shares, under: "shares", owner: "partner \(partner.bcID)", sharing: true,
                        terms: { declared.share(partner: partner.bcID, asset: $0) })
        }
    }

    /// The config's `acknowledge:` entries that can still match a warning: each names what the
    /// export declares (its asset by the export's key). An entry about a member, partner or asset
    /// the export does not declare, or one a plan of the export would call stale, is left out with
    /// a comment and a note.
    private mutating func writeAcknowledgements() {
        let entries = settings.declared.acknowledgements
        guard !entries.isEmpty else { return }
        var kept: [(position: Int, entry: Acknowledgement, assetKey: String?)] = []
        var dropped: [String] = []
        let partners = Set(snapshot.partners.map(\.bcID))
        for (position, entry) in entries.enumerated() {
            var missing: [String] = []
            if let member = entry.subject.member, !liveMembers.contains(member) {
                missing.append("\(member) is not a member of the Business Center")
            }
            if let partner = entry.subject.partner, !partners.contains(partner) {
                missing.append("\(partner) is not a partner of the Business Center")
            }
            var assetKey: String?
            if let key = entry.subject.asset {
                if let ref = settings.declared.asset(key), let asset = assets[ref], Self.ownerIsKnown(asset), let exported = keys[ref] {
                    assetKey = exported
                } else {
                    missing.append("asset \(key) is not exported")
                }
            }
            if !missing.isEmpty {
                dropped.append("\(entry.description): \(missing.joined(separator: "; "))")
            } else if settings.staleAcknowledgements.contains(position) {
                dropped.append("\(entry.description): matches no warning of a plan of the export")
            } else {
                kept.append((position, entry, assetKey))
            }
        }
        line("")
        if !kept.isEmpty { line("acknowledge:") }
        for (position, entry, assetKey) in kept {
            writtenAcknowledgements.append(position)
            line("  - warning: \(YAMLScalar.text(entry.warning))")
            if let member = entry.subject.member { line("    member: \(YAMLScalar.text(member))") }
            if let partner = entry.subject.partner { line("    partner: \(YAMLScalar.quoted(partner))") }
            if let assetKey { line("    asset: \(YAMLScalar.text(assetKey))") }
            line("    reason: \(YAMLScalar.text(entry.reason))")
        }
        for reason in dropped {
            comment("acknowledge: not exported: \(reason)", indent: "")
            notes.append("acknowledge: not exported: \(reason)")
        }
    }

    /// A member's `assets:` or a partner's `shares:`, by key; grants that cannot be declared become comments.
    private mutating func writeGrants(
        _ grants: [AssetPermissionRecord], under key: String, owner: String, sharing: Bool, terms: (AssetRef) -> AccessTerms
    ) {
        var entries: [(key: String, permission: Permission, terms: AccessTerms)] = []
        var skipped: [String] = []
        var seen: Set<AssetRef> = []
        for grant in grants where seen.insert(grant.assetRef).inserted {
            guard let asset = assets[grant.assetRef], let assetKey = keys[grant.assetRef], Self.ownerIsKnown(asset) else {
                skipped.append("\(grant.assetRef) (\(grant.permission)): not among the Business Center's assets")
                continue
            }
            if sharing, asset.ownerBCID != ownID {
                skipped.append("\(assetKey) (\(grant.permission)): owned by \(asset.ownerBCID), and only owned assets can be shared")
                continue
            }
            if grant.permission.values.isEmpty {
                // TikTok says that a partner holds a TikTok account, not with which permissions.
                skipped.append("\(assetKey): held, with permissions the provider cannot read; declare them")
                continue
            }
            entries.append((assetKey, grant.permission, terms(grant.assetRef)))
        }
        if !entries.isEmpty {
            line("    \(key):")
            for entry in entries.sorted(by: { $0.key < $1.key }) {
                guard !entry.terms.isEmpty else {
                    line("      \(YAMLScalar.text(entry.key)): \(entry.permission)")
                    continue
                }
                // The long form, one key a line.
                line("      \(YAMLScalar.text(entry.key)):")
                line("        permission: \(entry.permission)")
                writeTerms(entry.terms, indent: "        ", subject: "\(owner), \(entry.key)")
            }
        }
        for reason in skipped.sorted() {
            comment("not exported: \(reason)", indent: "    ")
            notes.append("\(owner): not exported: \(reason)")
        }
    }

    /// `0.25`, `50`: as the JSON writer prints a number, which YAML reads back as the same number.
    private static func number(_ value: Double) -> String {
        JSONValue.double(value).compact()
    }
}
