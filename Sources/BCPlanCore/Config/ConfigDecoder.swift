import BCPlanYAML

/// Decodes a YAML tree into a `Config`, collecting every problem rather than stopping at the first.
///
/// Key sets, required keys, enumerations, patterns and ranges come from `ConfigSchema`; the rules
/// that relate several values (duplicates, references, ownership) are checked here.
struct ConfigDecoder {
    private(set) var diagnostics: [Diagnostic] = []
    private let path: String
    /// Problems found past `diagnosticLimit`, counted but not worded.
    private var unlisted = 0
    private var firstUnlisted: SourceLocation?
    /// Most problems worded: a hostile file can hold a million unknown keys, and wording each one
    /// (with a did-you-mean search) would take minutes.
    static let diagnosticLimit = 1_000

    init(path: String) {
        self.path = path
    }

    // MARK: The file

    mutating func decode(_ root: YAMLNode?) -> Config? {
        let config = decodeRoot(root)
        if unlisted > 0 {
            diagnostics.append(.error(
                ConfigMessage.problemsNotListed(unlisted, listed: Self.diagnosticLimit),
                at: firstUnlisted ?? SourceLocation(file: path, line: 1, column: 1)))
        }
        return config
    }

    private mutating func decodeRoot(_ root: YAMLNode?) -> Config? {
        guard let root else {
            report(.emptyFile, at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let fields = fields(of: root, schema: ConfigSchema.root, optional: false) else { return nil }
        let sections = decodeSections(fields, root: root)
        let assets = decodeAssets(fields["assets"], ownID: sections.bcID)
        let assetsByKey = Dictionary(assets.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let members = decodeMembers(fields["members"], assets: assetsByKey, policy: sections.policy)
        let partners = decodePartners(fields["partners"], assets: assetsByKey, ownID: sections.bcID, policy: sections.policy)
        checkOwners(members: members)
        return config(
            fields, sections: sections, assets: assets, assetsByKey: assetsByKey, members: members, partners: partners)
    }

    /// What the top level gives besides its lists.
    struct Sections {
        var bcID: String?
        var bcName: String?
        var provider: ProviderConfig?
        var state: StateLocation
        var policy: Policy
    }

    /// `version`, `business_center`, `provider`, `state` and `policy` of `root`, a top level
    /// without `assets`, `members` and `partners` (`ConfigEventDecoder` reads those from events).
    mutating func decodeSections(of root: YAMLNode) -> Sections? {
        guard let fields = fields(of: root, schema: ConfigSchema.root, optional: false) else { return nil }
        return decodeSections(fields, root: root)
    }

    /// The config of `root` (as for `decodeSections(of:)`) with lists already decoded and checked
    /// by `ConfigEventDecoder`; nil with diagnostics when the rest has an error.
    mutating func decode(
        sectionsOf root: YAMLNode, assets: [AssetDeclaration], assetsByKey: [String: AssetDeclaration],
        members: [MemberDeclaration], partners: [PartnerDeclaration]
    ) -> Config? {
        guard let fields = fields(of: root, schema: ConfigSchema.root, optional: false) else { return nil }
        let sections = decodeSections(fields, root: root)
        // `writtenAssetKeys` stays empty: every asset written was valid, so an acknowledgement
        // of a key not among them is reported either way (and the caller then gives up).
        return config(
            fields, sections: sections, assets: assets, assetsByKey: assetsByKey, members: members, partners: partners)
    }

    private mutating func decodeSections(_ fields: MappingFields, root: YAMLNode) -> Sections {
        if let node = fields["version"], let version = integer(node, key: "version", min: nil, max: nil),
           version != 1 {
            report(.unsupportedVersion(String(version)), at: node.location)
        }

        var bcID: String?
        var bcName: String?
        if let node = fields["business_center"], let bc = self.fields(
            of: node, schema: ConfigSchema.businessCenter, optional: false,
            missingKeysAt: keyLocation(of: node, in: root)) {
            bcID = bc["id"].flatMap { businessCenterID($0, what: "Business Center id") }
            bcName = bc["name"].flatMap { string($0, ConfigSchema.businessCenter, "name") }
        }

        let provider = decodeProvider(fields["provider"])
        let state = decodeState(fields["state"], businessCenterID: bcID)
        let policy = decodePolicy(fields["policy"])
        return Sections(bcID: bcID, bcName: bcName, provider: provider, state: state, policy: policy)
    }

    /// The acknowledgements, then the config when nothing had an error.
    private mutating func config(
        _ fields: MappingFields, sections: Sections, assets: [AssetDeclaration], assetsByKey: [String: AssetDeclaration],
        members: [MemberDeclaration], partners: [PartnerDeclaration]
    ) -> Config? {
        let acknowledgements = decodeAcknowledgements(fields["acknowledge"], assets: assetsByKey)
        guard !diagnostics.hasErrors, let bcID = sections.bcID, let provider = sections.provider else { return nil }
        return Config(
            path: path, businessCenterID: bcID, businessCenterName: sections.bcName, provider: provider,
            state: sections.state, policy: sections.policy, assets: assets,
            members: members, partners: partners, acknowledgements: acknowledgements)
    }

    // MARK: Sections

    private mutating func decodeProvider(_ node: YAMLNode?) -> ProviderConfig? {
        let schema = ConfigSchema.provider
        let (defaultStore, defaultDisplay) = resolvedPath(nil, what: "store", defaultSuffix: ".mock.json")
        var provider = ProviderConfig(storePath: defaultStore, storeDisplayPath: defaultDisplay)
        guard let node, !node.isNull else { return provider }
        guard let fields = fields(of: node, schema: schema, optional: true) else { return nil }
        if let kind = fields["kind"].flatMap({ string($0, schema, "kind") }).flatMap(ProviderKind.init(rawValue:)) {
            provider.kind = kind
        }
        for (key, value) in fields.entries where provider.kind.refuses(key) {
            report(.providerKeyForOtherKind(key: key, kind: provider.kind), at: keyLocation(of: value, in: node))
        }
        if fields["store"] != nil {
            (provider.storePath, provider.storeDisplayPath) = resolvedPath(
                fields["store"], what: "store", defaultSuffix: ".mock.json")
        }
        if let value = fields["caller"] {
            provider.caller = email(value)?.lowercased()
            provider.callerLocation = value.location
        }
        if let value = fields["latency_ms"], let ms = integer(value, schema, "latency_ms") {
            provider.latencyMilliseconds = ms
        }
        if let value = fields["requests_per_second"], let rate = number(value, schema, "requests_per_second") {
            provider.requestsPerSecond = rate
        }
        if let value = fields["transient_failure_rate"], let rate = number(value, schema, "transient_failure_rate") {
            provider.transientFailureRate = rate
        }
        if let value = fields["seed"], let seed = integer(value, schema, "seed") { provider.seed = UInt64(seed) }
        switch provider.kind {
        case .tiktok: decodeTokenDestination(fields, schema: schema, into: &provider)
        case .mock: break  // base_url and token_env are another kind's keys there: reported above
        }
        return provider
    }

    /// `base_url` and `token_env`: where the token goes and which variable it comes from are not
    /// the config's to choose freely, since pull requests edit it (DESIGN §3, "Where the token may go").
    private mutating func decodeTokenDestination(_ fields: MappingFields, schema: ObjectSchema, into provider: inout ProviderConfig) {
        if let value = fields["base_url"] {
            if case .scalar(let text, _) = value.kind, !value.isNull, !ConfigSchema.tiktokBaseURL.accepts(text[...]) {
                report(.baseURLNotTikTok(text), at: value.location)
            } else if let url = string(value, schema, "base_url") {
                provider.baseURL = url
            }
        }
        if let value = fields["token_env"] {
            if case .scalar(let text, _) = value.kind, !value.isNull, !ConfigSchema.tokenVariable.accepts(text[...]) {
                report(.tokenVariableNotAllowed(text), at: value.location)
            } else if let name = string(value, schema, "token_env") {
                provider.tokenEnvironmentVariable = name
            }
        }
    }

    /// `state:` as a path (a file), or `{backend: file, path}` / `{backend: postgres, url_env, schema, workspace}`.
    private mutating func decodeState(_ node: YAMLNode?, businessCenterID: String?) -> StateLocation {
        let suffix = ".state.json"
        let defaultFile = resolvedPath(nil, what: "state", defaultSuffix: suffix)
        guard let node, case .mapping = node.kind else {
            let (path, display) = resolvedPath(node, what: "state", defaultSuffix: suffix)
            return .file(path: path, displayPath: display)
        }
        let schema = ConfigSchema.state
        guard let fields = fields(of: node, schema: schema, optional: false) else {
            return .file(path: defaultFile.resolved, displayPath: defaultFile.display)
        }
        let backend = fields["backend"].flatMap { string($0, schema, "backend") }.flatMap(StateBackendKind.init(rawValue:))
        if let backend {
            for (key, value) in fields.entries where backend.refuses(key) {
                report(.stateKeyForOtherBackend(key: key, backend: backend), at: keyLocation(of: value, in: node))
            }
        }
        switch backend {
        case .postgres?:
            var location = PostgresStateLocation(workspace: businessCenterID ?? "")
            if let value = fields["url_env"], let name = string(value, schema, "url_env") { location.urlVariable = name }
            if let value = fields["schema"], let name = string(value, schema, "schema") { location.schema = name }
            if let value = fields["workspace"], let name = string(value, schema, "workspace") { location.workspace = name }
            return .postgres(location)
        case .file?, nil:
            let (path, display) = resolvedPath(fields["path"], what: "state path", defaultSuffix: suffix)
            return .file(path: path, displayPath: display)
        }
    }

    private mutating func decodePolicy(_ node: YAMLNode?) -> Policy {
        var policy = Policy()
        let schema = ConfigSchema.policy
        guard let node, !node.isNull, let fields = fields(of: node, schema: schema, optional: true) else {
            return policy
        }
        policy.location = fields.location
        for entry in fields.entries { policy.locations[entry.key] = entry.value.location }
        // Cross-checks compare only values that are valid themselves, so a bad one is reported once.
        var minAdminsIsValid = true
        if let value = fields["min_admins"] {
            if let number = integer(value, schema, "min_admins") { policy.minAdmins = number } else { minAdminsIsValid = false }
        }
        if let value = fields["max_admins"], let number = integer(value, schema, "max_admins") {
            policy.maxAdmins = number
            if minAdminsIsValid, policy.minAdmins > number {
                report(.minAdminsAboveMaxAdmins(min: policy.minAdmins, max: number), at: value.location)
            }
        }
        if let value = fields["max_members"], let number = integer(value, schema, "max_members") {
            policy.maxMembers = number
        }
        if let value = fields["max_revoke_fraction"], let fraction = number(value, schema, "max_revoke_fraction") {
            policy.maxRevokeFraction = fraction
        }
        if let value = fields["unmanaged"], let text = string(value, schema, "unmanaged"),
           let unmanaged = UnmanagedPolicy(rawValue: text) {
            policy.unmanaged = unmanaged
        }
        if let value = fields["protected"] {
            policy.protected = decodeProtected(value)
        }
        if let value = fields["invites"] {
            policy.invites = decodeInvites(value)
        }
        if let value = fields["expiry_warning_days"], let days = integer(value, schema, "expiry_warning_days") {
            policy.expiryWarningDays = days
        }
        if let value = fields["max_grant_days"], let days = integer(value, schema, "max_grant_days") {
            policy.maxGrantDays = days
        }
        if let value = fields["require_owner"], let flag = boolean(value) { policy.requireOwner = flag }
        if let value = fields["require_member_owner"], let flag = boolean(value) { policy.requireMemberOwner = flag }
        if let value = fields["review_every_days"], let days = integer(value, schema, "review_every_days") {
            policy.reviewEveryDays = days
        }
        if let value = fields["member_domains"] {
            policy.memberDomains = decodeDomains(value)
        }
        if let value = fields["max_partner_permission"] {
            policy.maxPartnerPermission = decodeCeilings(value)
        }
        return policy
    }

    private mutating func decodeDomains(_ node: YAMLNode) -> [String] {
        var result: [String] = []
        guard let items = sequence(node) else { return result }
        for item in items {
            guard let value = string(item, ConfigSchema.domain, key: "domain")?.lowercased() else { continue }
            if result.contains(value) {
                report(.duplicateDomain(value), at: item.location)
                continue
            }
            result.append(value)
        }
        return result
    }

    private mutating func decodeCeilings(_ node: YAMLNode) -> [AssetType: Permission] {
        var ceilings: [AssetType: Permission] = [:]
        guard !node.isNull, let fields = fields(of: node, schema: ConfigSchema.maxPartnerPermission, optional: true) else {
            return ceilings
        }
        for (key, value) in fields.entries {
            guard let type = AssetType(rawValue: key), let permission = permission(value, for: type) else { continue }
            ceilings[type] = permission
        }
        return ceilings
    }

    /// `owner`, `reason`, `expires` and `reviewed` of one mapping; owners are checked against the
    /// members once all are read (`checkOwners`).
    private mutating func terms(_ fields: MappingFields, _ schema: ObjectSchema) -> AccessTerms {
        var terms = AccessTerms()
        if let node = fields["owner"], let address = email(node) {
            terms.owner = address.lowercased()
            ownerReferences.append((address, node.location))
        }
        terms.reason = fields["reason"].flatMap { string($0, schema, "reason") }
        terms.expires = fields["expires"].flatMap { moment($0, schema, "expires") }
        terms.reviewed = fields["reviewed"].flatMap { moment($0, schema, "reviewed") }
        return terms
    }

    /// Owners written so far, as written, with where.
    private var ownerReferences: [(owner: String, location: SourceLocation)] = []

    /// Every owner must be a declared member: someone the file also holds to account.
    private mutating func checkOwners(members: [MemberDeclaration]) {
        let declared = Set(members.map(\.normalizedEmail))
        for (owner, location) in ownerReferences where !declared.contains(owner.lowercased()) {
            // Suggested by the part before the domain, among members of the same domain: whole
            // addresses share too much to tell two people apart.
            let domain = Self.domain(of: owner)
            let colleagues = members.map(\.email).filter { Self.domain(of: $0) == domain }.sorted()
            let suggestion = Suggestion.closest(to: Self.localPart(of: owner), among: colleagues.map(Self.localPart))
                .flatMap { match in colleagues.first { Self.localPart(of: $0) == match } }
            report(.ownerNotDeclared(owner, suggestion: suggestion), at: location)
        }
    }

    private mutating func moment(_ node: YAMLNode, _ schema: ObjectSchema, _ key: String) -> DeclaredTime? {
        string(node, schema, key).flatMap { DeclaredTime($0, at: node.location) }
    }

    private mutating func decodeProtected(_ node: YAMLNode) -> Set<String> {
        var result: Set<String> = []
        guard let items = sequence(node) else { return result }
        for item in items {
            guard let value = scalarText(item, expected: "an e-mail or a Business Center id") else { continue }
            let principal: String?
            if value.contains("@") {
                principal = email(item)?.lowercased()
            } else {
                principal = businessCenterID(item, what: "Business Center id")
            }
            guard let principal else { continue }
            if !result.insert(principal).inserted {
                report(.duplicateProtected(value), at: item.location)
            }
        }
        return result
    }

    private mutating func decodeInvites(_ node: YAMLNode) -> InvitationPolicy {
        var invites = InvitationPolicy()
        let schema = ConfigSchema.invites
        guard !node.isNull, let fields = fields(of: node, schema: schema, optional: true) else { return invites }
        var expireIsValid = true
        if let value = fields["expire_after_days"] {
            if let days = integer(value, schema, "expire_after_days") { invites.expireAfterDays = days } else { expireIsValid = false }
        }
        if let value = fields["resend_after_days"], let days = integer(value, schema, "resend_after_days") {
            invites.resendAfterDays = days
            if expireIsValid, days > invites.expireAfterDays {
                report(.resendAfterExpiry(resend: days, expire: invites.expireAfterDays), at: value.location)
            }
        }
        if let value = fields["max_resends"], let count = integer(value, schema, "max_resends") {
            invites.maxResends = count
        }
        if let value = fields["on_exhausted"], let text = string(value, schema, "on_exhausted"),
           let action = ExhaustedInvitationAction(rawValue: text) {
            invites.onExhausted = action
        }
        return invites
    }

    /// Every asset key written under `assets:`, valid or not: a reference to a key whose asset has
    /// its own error is not reported again as undeclared.
    private var writtenAssetKeys: Set<String> = []

    private mutating func decodeAssets(_ node: YAMLNode?, ownID: String?) -> [AssetDeclaration] {
        guard let node, let items = sequence(node) else { return [] }
        let schema = ConfigSchema.asset
        // Looked up once, not per asset: 10,000 of them at the platform maximum.
        let keySpec = Self.stringSchema(schema, "key")
        let typeSpec = Self.stringSchema(schema, "type")
        let nameSpec = Self.stringSchema(schema, "name")
        var assets: [AssetDeclaration] = []
        var keys: [String: SourceLocation] = [:]
        var ids: [AssetRef: (key: String, location: SourceLocation)] = [:]
        assets.reserveCapacity(items.count)
        keys.reserveCapacity(items.count)
        ids.reserveCapacity(items.count)
        writtenAssetKeys.reserveCapacity(items.count)
        for item in items {
            guard let fields = fields(of: item, schema: schema, optional: false) else { continue }
            if let written = fields["key"]?.scalarValue { writtenAssetKeys.insert(written) }
            let key = fields["key"].flatMap { string($0, keySpec, key: "key") }
            let type = fields["type"].flatMap { string($0, typeSpec, key: "type") }.flatMap(AssetType.init(rawValue:))
            let name = fields["name"].flatMap { string($0, nameSpec, key: "name") }
            var id: String?
            if let idNode = fields["id"] {
                id = type == .pixel ? pixelID(idNode) : businessCenterID(idNode, what: "asset id")
            }
            var owner: String?
            var ownerIsValid = true
            if let ownerNode = fields["owner"], !(ownerNode.scalarValue == "self" && ownerNode.kind.isScalar) {
                if let ownerID = businessCenterID(ownerNode, what: "owner") {
                    owner = ownerID == ownID ? nil : ownerID
                } else {
                    ownerIsValid = false
                }
            }
            var access: Permission?
            if let accessNode = fields["access"], let type, ownerIsValid {
                if owner == nil {
                    report(.accessOnOwnAsset(key: key ?? "?"), at: keyLocation(of: accessNode, in: item))
                } else if !type.acceptsAccessRequest {
                    report(.accessNotRequestable(type: type), at: keyLocation(of: accessNode, in: item))
                } else {
                    access = permission(accessNode, for: type)
                }
            }
            if let key, let keyNode = fields["key"] {
                if let first = keys[key] {
                    report(.duplicateAssetKey(key, first: first), at: keyNode.location)
                    continue
                }
                keys[key] = keyNode.location
            }
            if let id, let type, let idNode = fields["id"] {
                let identity = AssetRef(type: type, id: id)
                if let first = ids[identity] {
                    report(.duplicateAssetID(type: type, id: id, firstKey: first.key, first: first.location),
                           at: idNode.location)
                    continue
                }
                ids[identity] = (key ?? "?", idNode.location)
            }
            guard let key, let type, let id else { continue }
            assets.append(AssetDeclaration(
                key: key, type: type, id: id, name: name, owner: owner, access: access, location: fields.location))
        }
        return assets
    }

    private mutating func decodeMembers(
        _ node: YAMLNode?, assets: [String: AssetDeclaration], policy: Policy
    ) -> [MemberDeclaration] {
        guard let node, let items = sequence(node) else { return [] }
        let schema = ConfigSchema.member
        let roleSpec = Self.stringSchema(schema, "role")
        let financeSpec = Self.stringSchema(schema, "finance")
        var members: [MemberDeclaration] = []
        var seen: [String: SourceLocation] = [:]
        members.reserveCapacity(items.count)
        seen.reserveCapacity(items.count)
        for item in items {
            guard let fields = fields(of: item, schema: schema, optional: false) else { continue }
            let address = fields["email"].flatMap { email($0) }
            let role = fields["role"].flatMap { string($0, roleSpec, key: "role") }.flatMap(MemberRole.init(rawValue:))
            let finance = fields["finance"].flatMap { string($0, financeSpec, key: "finance") }.flatMap(FinanceRole.init(rawValue:))
            let grants = fields["assets"].map { self.grants($0, assets: assets, ceilings: nil) } ?? []
            let terms = terms(fields, schema)
            let external = fields["external"].flatMap { boolean($0) } ?? false
            if external, terms.owner == nil, fields["owner"] == nil, let externalNode = fields["external"] {
                report(.externalWithoutOwner(address ?? "?"), at: keyLocation(of: externalNode, in: item))
            }
            if let address, let emailNode = fields["email"], !external, !policy.memberDomains.isEmpty,
               !policy.memberDomains.contains(Self.domain(of: address)) {
                report(.memberOutsideDomains(address, domains: policy.memberDomains), at: emailNode.location)
            }
            if policy.requireMemberOwner, fields["owner"] == nil, let address {
                report(.memberWithoutOwner(address), at: fields.location)
            }
            if let address, let emailNode = fields["email"] {
                if let first = seen[address.lowercased()] {
                    report(.duplicateMember(address, first: first), at: emailNode.location)
                    continue
                }
                seen[address.lowercased()] = emailNode.location
            }
            guard let address, let role else { continue }
            members.append(MemberDeclaration(
                email: address, role: role, finance: finance, assets: grants, location: fields.location, terms: terms,
                external: external))
        }
        return members
    }

    /// The part of an e-mail before its last `@`, in lower case.
    static func localPart(of email: String) -> String {
        String(email[..<(email.lastIndex(of: "@") ?? email.endIndex)]).lowercased()
    }

    /// The part of an e-mail after its last `@`, in lower case.
    static func domain(of email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "" }
        return String(email[email.index(after: at)...]).lowercased()
    }

    private mutating func decodePartners(
        _ node: YAMLNode?, assets: [String: AssetDeclaration], ownID: String?, policy: Policy
    ) -> [PartnerDeclaration] {
        guard let node, let items = sequence(node) else { return [] }
        let schema = ConfigSchema.partner
        let nameSpec = Self.stringSchema(schema, "name")
        var partners: [PartnerDeclaration] = []
        var seen: [String: SourceLocation] = [:]
        partners.reserveCapacity(items.count)
        seen.reserveCapacity(items.count)
        for item in items {
            guard let fields = fields(of: item, schema: schema, optional: false) else { continue }
            let id = fields["bc_id"].flatMap { businessCenterID($0, what: "partner bc_id") }
            let name = fields["name"].flatMap { string($0, nameSpec, key: "name") }
            let mediaAgency = fields["media_agency"].flatMap { boolean($0) } ?? false
            let shares = fields["shares"].map {
                grants($0, assets: assets, ceilings: policy.maxPartnerPermission, partner: id)
            } ?? []
            let terms = terms(fields, schema)
            if policy.requireOwner, fields["owner"] == nil, let id {
                report(.partnerWithoutOwner(id), at: fields.location)
            }
            if let id, let idNode = fields["bc_id"] {
                if id == ownID {
                    report(.selfPartner(id), at: idNode.location)
                    continue
                }
                if let first = seen[id] {
                    report(.duplicatePartner(id, first: first), at: idNode.location)
                    continue
                }
                seen[id] = idNode.location
            }
            guard let id else { continue }
            partners.append(PartnerDeclaration(
                bcID: id, name: name, mediaAgency: mediaAgency, shares: shares, location: fields.location, terms: terms))
        }
        return partners
    }

    /// `acknowledge:`: each entry a warning code, a reason, and optionally the member, partner and
    /// asset key it is about (the asset must be declared). Whether an entry matches a warning is
    /// the plan's to say: one that matches none is a warning of the plan.
    private mutating func decodeAcknowledgements(_ node: YAMLNode?, assets: [String: AssetDeclaration]) -> [Acknowledgement] {
        guard let node, let items = sequence(node) else { return [] }
        let schema = ConfigSchema.acknowledgement
        var result: [Acknowledgement] = []
        for item in items {
            guard let fields = fields(of: item, schema: schema, optional: false) else { continue }
            let warning = fields["warning"].flatMap { string($0, schema, "warning") }
            let reason = fields["reason"].flatMap { string($0, schema, "reason") }
            var subject = WarningSubject()
            var valid = warning != nil && reason != nil
            if let value = fields["member"] {
                subject.member = email(value)?.lowercased()
                valid = valid && subject.member != nil
            }
            if let value = fields["partner"] {
                subject.partner = businessCenterID(value, what: "partner bc_id")
                valid = valid && subject.partner != nil
            }
            if let value = fields["asset"] {
                if let key = scalarText(value, expected: "an asset key") {
                    if assets[key] != nil {
                        subject.asset = key
                    } else if !writtenAssetKeys.contains(key) {
                        report(.undeclaredAsset(key, suggestion: Suggestion.closest(to: key, among: assets.keys.sorted())),
                               at: value.location)
                    }
                }
                valid = valid && subject.asset != nil
            }
            guard valid, let warning, let reason else { continue }
            result.append(Acknowledgement(warning: warning, subject: subject, reason: reason, location: fields.location))
        }
        return result
    }

    /// A member's `assets:` or a partner's `shares:` mapping (`ceilings`: a partner's, from
    /// `policy.max_partner_permission`; nil for a member).
    private mutating func grants(
        _ node: YAMLNode, assets: [String: AssetDeclaration], ceilings: [AssetType: Permission]?, partner: String? = nil
    ) -> [AssetGrant] {
        let forPartner = ceilings != nil
        if node.isNull { return [] }
        guard case .mapping(let pairs) = node.kind else {
            report(.wrongType(expected: "a mapping of asset keys to permissions", found: node.kindDescription),
                   at: node.location)
            return []
        }
        var result: [AssetGrant] = []
        for pair in pairs {
            guard let key = pair.key.scalarValue, pair.key.kind.isScalar else {
                report(.nonStringKey, at: pair.key.location)
                continue
            }
            guard let asset = assets[key] else {
                if !writtenAssetKeys.contains(key) {
                    report(.undeclaredAsset(key, suggestion: Suggestion.closest(to: key, among: assets.keys.sorted())),
                           at: pair.key.location)
                }
                continue
            }
            if forPartner, let owner = asset.owner {
                report(.shareOfForeignAsset(key: key, owner: owner), at: pair.key.location)
                continue
            }
            var permissionNode = pair.value
            var terms = AccessTerms()
            if case .mapping = pair.value.kind {
                guard let fields = fields(of: pair.value, schema: ConfigSchema.grant, optional: false,
                                          missingKeysAt: pair.key.location) else { continue }
                terms = self.terms(fields, ConfigSchema.grant)
                guard let node = fields["permission"] else { continue }
                permissionNode = node
            }
            guard let permission = permission(permissionNode, for: asset.type) else { continue }
            if let ceiling = ceilings?[asset.type], !ceiling.covers(permission, for: asset.type) {
                report(.aboveMaxPartnerPermission(
                    partner: partner ?? "?", key: key, type: asset.type, permission: permission, ceiling: ceiling),
                       at: permissionNode.location)
            }
            result.append(AssetGrant(assetKey: key, permission: permission, location: pair.key.location, terms: terms))
        }
        return result
    }

    // MARK: Mappings and lists

    /// Checks that `node` is a mapping with only known keys and every required key.
    /// Missing required keys are reported at `missingKeysAt` (the key that opens the mapping) when
    /// given, else at the mapping's first key.
    private mutating func fields(
        of node: YAMLNode, schema: ObjectSchema, optional: Bool, missingKeysAt: SourceLocation? = nil
    ) -> MappingFields? {
        guard case .mapping(let pairs) = node.kind else {
            if optional, node.isNull { return MappingFields(location: node.location) }
            report(.wrongType(expected: "a mapping (\(schema.name))", found: node.kindDescription), at: node.location)
            return nil
        }
        let fields = MappingFields(location: node.location, pairs: pairs)
        for pair in pairs {
            guard case .scalar(let key, _) = pair.key.kind else {
                report(.nonStringKey, at: pair.key.location)
                continue
            }
            if !schema.keys.contains(key) {
                // Checked before wording: the did-you-mean search is the costly part.
                guard hasRoomForProblem(at: pair.key.location) else { continue }
                report(.unknownKey(key, context: Self.context(of: schema), suggestion: Suggestion.closest(to: key, among: schema.keys),
                                   allowed: schema.keys), at: pair.key.location)
            }
        }
        for key in schema.requiredKeys where fields[key] == nil {
            report(.missingKey(key, context: Self.context(of: schema)), at: missingKeysAt ?? node.location)
        }
        return fields
    }

    /// How messages name a mapping.
    private static func context(of schema: ObjectSchema) -> String {
        schema.name == ConfigSchema.root.name ? "the top level" : schema.name
    }

    private mutating func sequence(_ node: YAMLNode) -> [YAMLNode]? {
        if node.isNull { return [] }
        guard case .sequence(let items) = node.kind else {
            report(.wrongType(expected: "a list", found: node.kindDescription), at: node.location)
            return nil
        }
        return items
    }

    /// Where the key of `value` was written in mapping `node`, for messages about the key itself.
    private func keyLocation(of value: YAMLNode, in node: YAMLNode) -> SourceLocation {
        guard case .mapping(let pairs) = node.kind,
              let pair = pairs.first(where: { $0.value.location == value.location }) else { return value.location }
        return pair.key.location
    }

    // MARK: Scalars

    /// The text of a non-null scalar, or a wrong-type error.
    private mutating func scalarText(_ node: YAMLNode, expected: String) -> String? {
        guard case .scalar(let value, _) = node.kind, !node.isNull else {
            report(.wrongType(expected: expected, found: node.kindDescription), at: node.location)
            return nil
        }
        return value
    }

    /// A string property checked against its `StringSchema` in `schema`.
    private mutating func string(_ node: YAMLNode, _ schema: ObjectSchema, _ key: String) -> String? {
        string(node, Self.stringSchema(schema, key), key: key)
    }

    /// The `StringSchema` of string property `key` of `schema`.
    private static func stringSchema(_ schema: ObjectSchema, _ key: String) -> StringSchema {
        guard let spec = schema.stringSchema(key) else {
            preconditionFailure("\(schema.name).\(key) is not a string in ConfigSchema")
        }
        return spec
    }

    /// How messages name the value of a key, where the key alone reads badly.
    private static let noun = [
        "unmanaged": "unmanaged policy", "on_exhausted": "on_exhausted action", "finance": "finance role",
        "kind": "provider kind", "type": "asset type", "key": "asset key", "expires": "expiry", "reviewed": "review date",
        "reason": "reason", "warning": "warning code",
    ]

    private mutating func string(_ node: YAMLNode, _ spec: StringSchema, key: String) -> String? {
        guard let value = scalarText(node, expected: "a string") else { return nil }
        if let enumeration = spec.enumeration, !enumeration.contains(value) {
            report(.notInEnumeration(value, what: Self.noun[key] ?? key, allowed: enumeration), at: node.location)
            return nil
        }
        if !spec.accepts(value[...]) {
            report(.invalidString(value, what: Self.noun[key] ?? key, rule: spec.rule ?? spec.description),
                   at: node.location)
            return nil
        }
        return value
    }

    private mutating func email(_ node: YAMLNode) -> String? {
        guard let value = scalarText(node, expected: "an e-mail address") else { return nil }
        guard ConfigSchema.email.accepts(value[...]) else {
            report(.invalidEmail(value), at: node.location)
            return nil
        }
        return value
    }

    private mutating func businessCenterID(_ node: YAMLNode, what: String) -> String? {
        guard let value = scalarText(node, expected: "a quoted \(what)") else { return nil }
        let digits = ConfigSchema.businessCenterID.accepts(value[...])
        if case .scalar(_, .plain) = node.kind, node.tag == nil {
            if digits || value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }) {
                report(.unquotedID(value, what: what), at: node.location)
            } else {
                report(.invalidID(value, what: what), at: node.location)
            }
            return nil
        }
        guard digits else {
            report(.invalidID(value, what: what), at: node.location)
            return nil
        }
        return value
    }

    private mutating func pixelID(_ node: YAMLNode) -> String? {
        guard let value = scalarText(node, expected: "a quoted pixel id") else { return nil }
        let valid = ConfigSchema.assetID.accepts(value[...])
        // A plain id of digits only is a number to YAML (and loses digits); one with a letter is a string.
        if case .scalar(_, .plain) = node.kind, node.tag == nil, value.allSatisfy(\.isNumber) {
            report(.unquotedID(value, what: "pixel id"), at: node.location)
            return nil
        }
        guard valid else {
            report(.invalidPixelID(value), at: node.location)
            return nil
        }
        return value
    }

    private mutating func integer(_ node: YAMLNode, _ schema: ObjectSchema, _ key: String) -> Int? {
        guard case .integer(let min, let max, _)? = schema.property(key)?.node else {
            preconditionFailure("\(schema.name).\(key) is not an integer in ConfigSchema")
        }
        return integer(node, key: key, min: min, max: max)
    }

    private mutating func integer(_ node: YAMLNode, key: String, min: Int?, max: Int?) -> Int? {
        guard let text = plainScalar(node, expected: "a whole number") else { return nil }
        guard let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) else {
            report(.notAnInteger(text), at: node.location)
            return nil
        }
        if let min, value < min {
            report(.belowMinimum(key: key, value: text, minimum: String(min)), at: node.location)
            return nil
        }
        if let max, value > max {
            report(.aboveMaximum(key: key, value: text, maximum: String(max)), at: node.location)
            return nil
        }
        return value
    }

    private mutating func number(_ node: YAMLNode, _ schema: ObjectSchema, _ key: String) -> Double? {
        guard case .number(let min, let max, _)? = schema.property(key)?.node else {
            preconditionFailure("\(schema.name).\(key) is not a number in ConfigSchema")
        }
        guard let text = plainScalar(node, expected: "a number") else { return nil }
        guard let value = Double(text), value.isFinite,
              text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else {
            report(.notANumber(text), at: node.location)
            return nil
        }
        if let min, value < min {
            report(.belowMinimum(key: key, value: text, minimum: Self.format(min)), at: node.location)
            return nil
        }
        if let max, value > max {
            report(.aboveMaximum(key: key, value: text, maximum: Self.format(max)), at: node.location)
            return nil
        }
        return value
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private mutating func boolean(_ node: YAMLNode) -> Bool? {
        guard let text = plainScalar(node, expected: "true or false") else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            report(.notABoolean(text), at: node.location)
            return nil
        }
    }

    /// The text of a plain (unquoted) scalar: numbers and booleans must not be quoted.
    private mutating func plainScalar(_ node: YAMLNode, expected: String) -> String? {
        guard case .scalar(let value, let style) = node.kind, !node.isNull else {
            report(.wrongType(expected: expected, found: node.kindDescription), at: node.location)
            return nil
        }
        if style.isQuoted {
            report(.wrongType(expected: expected, found: "the string \"\(value)\""), at: node.location)
            return nil
        }
        return value
    }

    /// A permission for an asset of `type`: one value, or a list for TikTok accounts.
    private mutating func permission(_ node: YAMLNode, for type: AssetType) -> Permission? {
        switch node.kind {
        case .sequence(let items):
            guard type.takesPermissionSet else {
                report(.permissionNotList(type: type), at: node.location)
                return nil
            }
            if items.isEmpty {
                report(.emptyPermissionList, at: node.location)
                return nil
            }
            var values: [String] = []
            for item in items {
                guard let value = scalarText(item, expected: "a permission") else { return nil }
                guard type.permissionValues.contains(value) else {
                    report(.invalidPermission(value, type: type), at: item.location)
                    return nil
                }
                if values.contains(value) {
                    report(.repeatedPermission(value), at: item.location)
                    return nil
                }
                values.append(value)
            }
            return .makeSet(values)
        case .scalar(let value, _) where !node.isNull:
            guard type.permissionValues.contains(value) else {
                report(.invalidPermission(value, type: type), at: node.location)
                return nil
            }
            if type.takesPermissionSet {
                report(.permissionNeedsList(value), at: node.location)
                return nil
            }
            return .level(value)
        default:
            report(.wrongType(expected: "a permission", found: node.kindDescription), at: node.location)
            return nil
        }
    }

    // MARK: Paths

    /// A path relative to the config's folder, resolved; with no node, `<file stem><defaultSuffix>`.
    private mutating func resolvedPath(
        _ node: YAMLNode?, what: String, defaultSuffix: String
    ) -> (resolved: String, display: String) {
        let directory = ConfigLoader.directory(of: path)
        var written = ConfigLoader.stem(of: path) + defaultSuffix
        if let node, let value = scalarText(node, expected: "a path") {
            if value.isEmpty {
                report(.pathIsEmpty(what: what), at: node.location)
            } else {
                written = value
            }
        }
        if written.hasPrefix("/") || directory.isEmpty { return (written, written) }
        return (directory + "/" + written, written)
    }

    private mutating func report(_ message: ConfigMessage, at location: SourceLocation) {
        guard hasRoomForProblem(at: location) else { return }
        diagnostics.append(.error(message, at: location))
    }

    /// False past `diagnosticLimit`: the problem at `location` is then only counted.
    private mutating func hasRoomForProblem(at location: SourceLocation) -> Bool {
        guard diagnostics.count >= Self.diagnosticLimit else { return true }
        unlisted += 1
        firstUnlisted = min(firstUnlisted ?? location, location)
        return false
    }
}

extension YAMLNode.Kind {
    /// True for a scalar of any style; keys and ids must be scalars.
    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
}
