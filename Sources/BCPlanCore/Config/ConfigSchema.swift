/// The definition of the config file (DESIGN §2), read by `ConfigDecoder` and written out by
/// `JSONSchemaGenerator`.
public enum ConfigSchema {
    // MARK: Values

    public static let businessCenterID = StringSchema(
        "A Business Center id: a quoted string of digits, usually 19.",
        pattern: "^[0-9]{1,20}$",
        matches: { value in !value.isEmpty && value.utf8.count <= 20 && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } })

    public static let assetID = StringSchema(
        "An asset id: a quoted string of digits (pixels: letters and digits).",
        pattern: "^[A-Za-z0-9]{1,64}$",
        matches: { value in
            !value.isEmpty && value.utf8.count <= 64 && value.utf8.allSatisfy(Self.isASCIILetterOrDigit)
        })

    public static let email = StringSchema(
        "An e-mail address; compared case-insensitively.",
        pattern: "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$",
        matches: Self.isEmail)

    public static let assetKey = StringSchema(
        "A local name for an asset, used by members and partners.",
        pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        rule: "expected a letter or digit, then letters, digits, '_', '.' or '-' (at most 64 characters)",
        matches: { value in
            guard let first = value.utf8.first, isASCIILetterOrDigit(first), value.utf8.count <= 64 else { return false }
            return value.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == 95 || $0 == 46 || $0 == 45 }
        })

    /// The variable that holds the access token: its name begins with BCPLAN_ or TIKTOK_, so a
    /// config cannot have another variable's value sent as the token (DESIGN §3).
    public static let tokenVariable = StringSchema(
        "The environment variable that holds the access token; its name begins with BCPLAN_ or TIKTOK_.",
        pattern: "^(BCPLAN_|TIKTOK_)[A-Za-z0-9_]+$",
        rule: "expected a name beginning with BCPLAN_ or TIKTOK_, then letters, digits and '_'",
        matches: { value in
            guard let prefix = ProviderConfig.tokenVariablePrefixes.first(where: { value.hasPrefix($0) }),
                  value.utf8.count > prefix.utf8.count else { return false }
            return value.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == 95 }
        })

    /// TikTok's production or sandbox API: the config cannot send the token anywhere else (DESIGN §3).
    public static let tiktokBaseURL = StringSchema(
        "TikTok's API: production (the default) or the sandbox. Another endpoint is set only in the environment, in BCPLAN_TIKTOK_BASE_URL.",
        enumeration: ProviderConfig.tiktokHosts)

    /// Where the database's connection string comes from. The config is edited in pull requests,
    /// so it must not be able to name any secret of the environment: only BCPLAN_ variables.
    public static let databaseURLVariable = StringSchema(
        "The environment variable holding the PostgreSQL connection string; it must begin with BCPLAN_.",
        pattern: "^BCPLAN_[A-Za-z0-9_]+$",
        rule: "expected the name of an environment variable beginning with BCPLAN_ (letters, digits and '_')",
        matches: { value in
            value.hasPrefix("BCPLAN_") && value.utf8.count > 7
                && value.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == 95 }
        })

    /// A schema name used without quoting: lower-case letters, digits and '_', at most 63
    /// characters (PostgreSQL's identifier limit, NAMEDATALEN - 1).
    public static let sqlSchema = StringSchema(
        "A PostgreSQL schema name: lower-case letters, digits and '_', not starting with a digit.",
        pattern: "^[a-z_][a-z0-9_]{0,62}$",
        rule: "expected lower-case letters, digits and '_', not starting with a digit, at most 63 characters",
        matches: { value in
            guard let first = value.utf8.first, first == 95 || (first >= 97 && first <= 122), value.utf8.count <= 63 else {
                return false
            }
            return value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        })

    public static let workspace = StringSchema(
        "The Business Center's workspace in the database (default: its id); many share one database.",
        pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$",
        rule: "expected a letter or digit, then letters, digits, '_', '.' or '-' (at most 128 characters)",
        matches: { value in
            guard let first = value.utf8.first, isASCIILetterOrDigit(first), value.utf8.count <= 128 else { return false }
            return value.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == 95 || $0 == 46 || $0 == 45 }
        })

    static let statePath = StringSchema(
        "Recorded state, relative to this file (default <file stem>.state.json).",
        pattern: "^.+$", rule: "expected a path", matches: { !$0.isEmpty })

    public static let moment = StringSchema(
        "A day, 2027-03-31, which means the start of that day in UTC; or an RFC 3339 time, 2027-03-31T18:00:00Z.",
        pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$",
        rule: "expected a day such as 2027-03-31 (the start of that day, UTC) or an RFC 3339 time such as 2027-03-31T18:00:00Z",
        matches: { value in Clock.parseMoment(String(value)) != nil })

    public static let domain = StringSchema(
        "An e-mail domain, compared case-insensitively: northwind.example.",
        pattern: "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$",
        rule: "expected a domain such as northwind.example",
        matches: { value in isEmail(("x@" + value)[...]) })

    public static let permissionLevel = StringSchema(
        "A permission: admin, operator or analyst (ad_account); admin or ad_promote (catalog); use (pixel).",
        enumeration: AssetType.allPermissionLevels)

    public static let permission = SchemaNode.anyOf(
        [
            .string(permissionLevel),
            .array(
                of: .string(StringSchema(
                    "A TikTok account permission.", enumeration: AssetType.tiktokAccount.permissionValues)),
                description: "TikTok account permissions (tiktok_account only).", minItems: 1, uniqueItems: true),
        ],
        description: "The permission on the asset; its values depend on the asset's type.")

    /// `owner`, `reason`, `expires` and `reviewed`: the same on members, grants, partners and shares.
    static func accessTerms(_ subject: String) -> [SchemaProperty] {
        [
            SchemaProperty("owner", .string(StringSchema(
                "The e-mail of a declared member who vouches for \(subject).", pattern: email.pattern, matches: email.matches))),
            SchemaProperty("reason", .string(StringSchema("Why \(subject) exists, e.g. a ticket."))),
            SchemaProperty("expires", .string(StringSchema(
                "From this moment on, plans remove \(subject). " + moment.description, pattern: moment.pattern,
                rule: moment.rule, matches: moment.matches))),
            SchemaProperty("reviewed", .string(StringSchema(
                "When someone last reviewed \(subject). " + moment.description, pattern: moment.pattern, rule: moment.rule,
                matches: moment.matches))),
        ]
    }

    public static let grant = ObjectSchema(
        name: "grant", description: "A permission on an asset with its own owner, reason, end or review.",
        properties: [SchemaProperty("permission", required: true, permission)] + accessTerms("this grant"))

    public static let assetPermissions = SchemaNode.dictionary(
        of: .anyOf([permission, .object(grant)], description: "A permission, or a grant with its own terms."),
        keyPattern: assetKey.pattern!,
        description: "Asset key -> permission. Each key must be declared under assets.")

    // MARK: Objects

    public static let businessCenter = ObjectSchema(
        name: "business_center", description: "The Business Center this file describes.",
        properties: [
            SchemaProperty("id", required: true, .string(businessCenterID)),
            SchemaProperty("name", .string(StringSchema("Its display name."))),
        ])

    public static let provider = ObjectSchema(
        name: "provider", description: "Where live state is read and changes are made.",
        properties: [
            SchemaProperty(
                "kind", .string(StringSchema("mock: a simulated Business Center in a local file; tiktok: the real API.",
                                             enumeration: ProviderKind.allCases.map(\.rawValue))),
                default: .string(ProviderConfig.defaultKind.rawValue)),
            SchemaProperty("store", .string(StringSchema(
                "mock: the simulated Business Center's JSON file, relative to this file (default <file stem>.mock.json).",
                pattern: "^.+$", rule: "expected a path", matches: { !$0.isEmpty }))),
            SchemaProperty("caller", .string(StringSchema(
                "Who applies (an e-mail): never revoked or demoted by a plan.", pattern: email.pattern,
                matches: email.matches))),
            SchemaProperty("latency_ms", .integer(min: 0, max: 60_000, description: "mock: added latency per call.")),
            SchemaProperty("requests_per_second", .number(
                min: 0.1, max: 10_000, description: "mock: the simulated rate limit; tiktok: the app's quota (default 10).")),
            SchemaProperty("transient_failure_rate", .number(
                min: 0, max: 1, description: "mock: share of calls that fail transiently.")),
            SchemaProperty("seed", .integer(min: 0, max: nil, description: "mock: seed of the simulated failures.")),
            SchemaProperty("base_url", .string(tiktokBaseURL), default: .string(ProviderConfig.defaultBaseURL)),
            SchemaProperty("token_env", .string(tokenVariable), default: .string(ProviderConfig.defaultTokenVariable)),
        ])

    public static let state = ObjectSchema(
        name: "state", description: "Where the recorded state, its history and the audit log live.",
        properties: [
            SchemaProperty("backend", required: true, .string(StringSchema(
                "file: a JSON file beside this config; postgres: a workspace in a PostgreSQL database, shared by a team.",
                enumeration: StateBackendKind.allCases.map(\.rawValue)))),
            SchemaProperty("path", .string(statePath)),
            SchemaProperty("url_env", .string(databaseURLVariable), default: .string(PostgresStateLocation.defaultURLVariable)),
            SchemaProperty("schema", .string(sqlSchema), default: .string(PostgresStateLocation.defaultSchema)),
            SchemaProperty("workspace", .string(workspace)),
        ])

    /// The defaults the schema documents are the decoder's own.
    private static let policyDefaults = Policy()
    private static let invitationDefaults = InvitationPolicy()

    public static let invites = ObjectSchema(
        name: "invites", description: "The invitation lifecycle.",
        properties: [
            SchemaProperty("expire_after_days", .integer(
                min: 1, max: 365, description: "Days after which the platform expires an invitation."),
                default: .int(invitationDefaults.expireAfterDays)),
            SchemaProperty("resend_after_days", .integer(
                min: 1, max: 365, description: "Resend a pending invitation this old (<= expire_after_days)."),
                default: .int(invitationDefaults.resendAfterDays)),
            SchemaProperty("max_resends", .integer(
                min: 0, max: 100, description: "Resends before an invitation counts as exhausted."),
                default: .int(invitationDefaults.maxResends)),
            SchemaProperty("on_exhausted", .string(StringSchema(
                "What to do with an exhausted invitation.", enumeration: ExhaustedInvitationAction.allCases.map(\.rawValue))),
                default: .string(invitationDefaults.onExhausted.rawValue)),
        ])

    public static let maxPartnerPermission = ObjectSchema(
        name: "max_partner_permission", description: "The most a partner may be given, per asset type.",
        properties: AssetType.allCases.map { type in
            SchemaProperty(type.rawValue, type.takesPermissionSet
                ? .array(of: .string(StringSchema("A TikTok account permission.", enumeration: type.permissionValues)),
                         description: "The permissions a partner may get at most.", minItems: 1, uniqueItems: true)
                : .string(StringSchema("The highest permission a partner may get.", enumeration: type.permissionValues)))
        })

    public static let policy = ObjectSchema(
        name: "policy", description: "Rules every plan must keep.",
        properties: [
            SchemaProperty("min_admins", .integer(
                min: 1, max: PlatformLimits.maxAdmins, description: "Active admins the Business Center always keeps."),
                default: .int(policyDefaults.minAdmins)),
            SchemaProperty("max_admins", .integer(
                min: 1, max: PlatformLimits.maxAdmins,
                description: "Most admins allowed (the platform's limit is \(PlatformLimits.written(PlatformLimits.maxAdmins)))."),
                default: .int(policyDefaults.maxAdmins)),
            SchemaProperty("max_members", .integer(
                min: 1, max: PlatformLimits.maxMembers,
                description: "Most members allowed (the platform's limit is \(PlatformLimits.written(PlatformLimits.maxMembers)))."),
                default: .int(policyDefaults.maxMembers)),
            SchemaProperty("max_revoke_fraction", .number(
                min: 0, max: 1, description: "Refuse a plan removing more than this share of members + partners."),
                default: .double(policyDefaults.maxRevokeFraction)),
            SchemaProperty("unmanaged", .string(StringSchema(
                "Members and partners present but not declared.", enumeration: UnmanagedPolicy.allCases.map(\.rawValue))),
                default: .string(policyDefaults.unmanaged.rawValue)),
            SchemaProperty("protected", .array(
                of: .anyOf([.string(email), .string(businessCenterID)],
                           description: "An e-mail or a partner's Business Center id."),
                description: "Principals never revoked, demoted or unshared.", uniqueItems: true),
                default: .array([])),
            SchemaProperty("invites", .object(invites)),
            SchemaProperty("expiry_warning_days", .integer(
                min: 0, max: 365, description: "Plans warn about access that ends within this many days."),
                default: .int(policyDefaults.expiryWarningDays)),
            SchemaProperty("max_grant_days", .integer(
                min: 1, max: 3650,
                description: "Every partner, and every member a plan invites, needs expires at most this many days ahead.")),
            SchemaProperty("require_owner", .boolean(
                description: "Partners need an owner (their shares take it from them)."), default: .bool(policyDefaults.requireOwner)),
            SchemaProperty("require_member_owner", .boolean(
                description: "Members need an owner too."), default: .bool(policyDefaults.requireMemberOwner)),
            SchemaProperty("review_every_days", .integer(
                min: 1, max: 3650, description: "bcplan review lists access last reviewed longer ago than this, or never."),
                default: .int(policyDefaults.reviewEveryDays)),
            SchemaProperty("member_domains", .array(
                of: .string(domain), description: "Domains member e-mails must be in, unless a member is external: true.",
                uniqueItems: true),
                default: .array([])),
            SchemaProperty("max_partner_permission", .object(maxPartnerPermission)),
        ])

    public static let asset = ObjectSchema(
        name: "asset", description: "An asset the Business Center owns or uses.",
        properties: [
            SchemaProperty("key", required: true, .string(assetKey)),
            SchemaProperty("type", required: true, .string(StringSchema(
                "The asset's type.", enumeration: AssetType.allCases.map(\.rawValue)))),
            SchemaProperty("id", required: true, .string(assetID)),
            SchemaProperty("name", .string(StringSchema("Its display name."))),
            SchemaProperty("owner", .anyOf(
                [.string(StringSchema("This Business Center.", enumeration: ["self"])), .string(businessCenterID)],
                description: "The owning Business Center: self, or another BC's id (a transfer is planned)."),
                default: .string("self")),
            SchemaProperty("access", permission),
        ])

    public static let member = ObjectSchema(
        name: "member", description: "A person with access to the Business Center.",
        properties: [
            SchemaProperty("email", required: true, .string(email)),
            SchemaProperty("role", required: true, .string(StringSchema(
                "The Business Center role.", enumeration: MemberRole.allCases.map(\.rawValue)))),
            SchemaProperty("finance", .string(StringSchema(
                "The finance role, if any.", enumeration: FinanceRole.allCases.map(\.rawValue)))),
            SchemaProperty("assets", assetPermissions),
        ] + accessTerms("this member's access") + [
            SchemaProperty("external", .boolean(
                description: "An address outside policy.member_domains; needs an owner."), default: .bool(false)),
        ])

    public static let partner = ObjectSchema(
        name: "partner", description: "Another Business Center (an agency or a client).",
        properties: [
            SchemaProperty("bc_id", required: true, .string(businessCenterID)),
            SchemaProperty("name", .string(StringSchema("Its display name."))),
            SchemaProperty("media_agency", .boolean(description: "The partner is a media agency."), default: .bool(false)),
            SchemaProperty("shares", assetPermissions),
        ] + accessTerms("this partnership"))

    public static let acknowledgement = ObjectSchema(
        name: "acknowledgement",
        description: "A plan warning a person has accepted: plans print it as info with the reason. One that matches no warning of a plan is itself a warning.",
        properties: [
            SchemaProperty("warning", required: true, .string(StringSchema(
                "The warning's code, as plan --format json prints it.", enumeration: PlanMessage.warningCodes))),
            SchemaProperty("member", .string(StringSchema(
                "Only the warning about this member (an e-mail).", pattern: email.pattern, matches: email.matches))),
            SchemaProperty("partner", .string(StringSchema(
                "Only the warning about this partner (its Business Center id).", pattern: businessCenterID.pattern,
                matches: businessCenterID.matches))),
            SchemaProperty("asset", .string(StringSchema(
                "Only the warning about this asset (its key under assets).", pattern: assetKey.pattern, rule: assetKey.rule,
                matches: assetKey.matches))),
            SchemaProperty("reason", required: true, .string(StringSchema(
                "Why the warning is accepted; plans print it.", pattern: "^[\\s\\S]*\\S[\\s\\S]*$", rule: "expected a reason that is not empty",
                matches: { value in value.contains { !$0.isWhitespace } }))),
        ])

    public static let root = ObjectSchema(
        name: "bcplan.yaml", description: "One TikTok Business Center's members, partners and asset shares.",
        properties: [
            SchemaProperty("version", required: true, .integer(min: 1, max: 1, description: "Always 1.")),
            SchemaProperty("business_center", required: true, .object(businessCenter)),
            SchemaProperty("provider", .object(provider)),
            SchemaProperty("state", .anyOf(
                [.string(statePath), .object(state)],
                description: "Where the recorded state lives: a file path, or {backend: file|postgres, …}.")),
            SchemaProperty("policy", .object(policy)),
            SchemaProperty("assets", .array(of: .object(asset), description: "Assets, each with a unique key.")),
            SchemaProperty("members", .array(of: .object(member), description: "Members, each e-mail once.")),
            SchemaProperty("partners", .array(of: .object(partner), description: "Partners, each BC id once.")),
            SchemaProperty("acknowledge", .array(
                of: .object(acknowledgement), description: "Plan warnings people have accepted, each with a reason.")),
        ])

    // MARK: Character classes

    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
    static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool { isASCIILetter(byte) || (byte >= 48 && byte <= 57) }

    /// The e-mail rule of `email.pattern`, by hand.
    static func isEmail(_ value: Substring) -> Bool {
        let bytes = value.utf8
        guard let at = bytes.firstIndex(of: 64), at != bytes.startIndex else { return false }
        for byte in bytes[..<at] {
            // Letters, digits and . _ % + ' -
            guard isASCIILetterOrDigit(byte) || byte == 46 || byte == 95 || byte == 37 || byte == 43 || byte == 39
                || byte == 45 else { return false }
        }
        var labels = 0
        var labelLength = 0
        for byte in bytes[bytes.index(after: at)...] {
            if byte == 46 {
                guard labelLength > 0 else { return false }
                labels += 1
                labelLength = 0
            } else {
                guard isASCIILetterOrDigit(byte) || byte == 45 else { return false }
                labelLength += 1
            }
        }
        return labelLength > 0 && labels >= 1
    }
}
