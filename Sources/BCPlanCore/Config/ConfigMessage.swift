import BCPlanYAML

/// Every message the config decoder can produce, worded in one place so tests can assert exact text.
public enum ConfigMessage: DiagnosticMessage {
    case emptyFile
    case unreadable(path: String, reason: String)
    case unknownKey(String, context: String, suggestion: String?, allowed: [String])
    case missingKey(String, context: String)
    case nonStringKey
    case wrongType(expected: String, found: String)
    case unsupportedVersion(String)
    case unquotedID(String, what: String)
    case invalidID(String, what: String)
    case invalidPixelID(String)
    case invalidEmail(String)
    case invalidString(String, what: String, rule: String)
    case notInEnumeration(String, what: String, allowed: [String])
    case notABoolean(String)
    case notAnInteger(String)
    case notANumber(String)
    case belowMinimum(key: String, value: String, minimum: String)
    case aboveMaximum(key: String, value: String, maximum: String)
    case minAdminsAboveMaxAdmins(min: Int, max: Int)
    case resendAfterExpiry(resend: Int, expire: Int)
    case duplicateMember(String, first: SourceLocation)
    case duplicatePartner(String, first: SourceLocation)
    case duplicateAssetKey(String, first: SourceLocation)
    case duplicateAssetID(type: AssetType, id: String, firstKey: String, first: SourceLocation)
    case duplicateProtected(String)
    case undeclaredAsset(String, suggestion: String?)
    case invalidPermission(String, type: AssetType)
    case permissionNeedsList(String)
    case permissionNotList(type: AssetType)
    case emptyPermissionList
    case repeatedPermission(String)
    case shareOfForeignAsset(key: String, owner: String)
    case accessOnOwnAsset(key: String)
    case accessNotRequestable(type: AssetType)
    case selfPartner(String)
    case providerKeyForOtherKind(key: String, kind: ProviderKind)
    case baseURLNotTikTok(String)
    case tokenVariableNotAllowed(String)
    case pathIsEmpty(what: String)
    case stateKeyForOtherBackend(key: String, backend: StateBackendKind)
    case problemsNotListed(Int, listed: Int)
    // Owners, domains and ceilings (issue 16).
    case ownerNotDeclared(String, suggestion: String?)
    case externalWithoutOwner(String)
    case memberOutsideDomains(String, domains: [String])
    case partnerWithoutOwner(String)
    case memberWithoutOwner(String)
    case aboveMaxPartnerPermission(partner: String, key: String, type: AssetType, permission: Permission, ceiling: Permission)
    case duplicateDomain(String)

    public var description: String {
        switch self {
        case .emptyFile:
            return "the file is empty; a bcplan file starts with 'version: 1'"
        case .unreadable(let path, let reason):
            return "cannot read the config file \(path): \(reason)"
        case .unknownKey(let key, let context, let suggestion, let allowed):
            if let suggestion { return "unknown key '\(Self.shown(key))' in \(context) (did you mean '\(suggestion)'?)" }
            return "unknown key '\(Self.shown(key))' in \(context); expected one of: \(allowed.joined(separator: ", "))"
        case .missingKey(let key, let context):
            return "missing required key '\(Self.shown(key))' in \(context)"
        case .nonStringKey:
            return "a key must be a plain string, not a list or a mapping"
        case .wrongType(let expected, let found):
            return "expected \(expected), found \(found)"
        case .unsupportedVersion(let value):
            return "unsupported version \(Self.shown(value)); this bcplan reads version 1"
        case .unquotedID(let value, let what):
            return "\(what) \(Self.shown(value)) is written as a number; quote it: \"\(Self.shown(value))\" (ids are strings, and 19-digit numbers lose digits in many tools)"
        case .invalidID(let value, let what):
            return "'\(Self.shown(value))' is not a valid \(what): expected a string of digits"
        case .invalidPixelID(let value):
            return "'\(Self.shown(value))' is not a valid pixel id: expected letters and digits only"
        case .invalidEmail(let value):
            return "'\(Self.shown(value))' is not a valid e-mail address"
        case .invalidString(let value, let what, let rule):
            return "'\(Self.shown(value))' is not a valid \(what): \(rule)"
        case .notInEnumeration(let value, let what, let allowed):
            let suggestion = Suggestion.closest(to: value, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            return "'\(Self.shown(value))' is not a valid \(what)\(suggestion); expected one of: \(allowed.joined(separator: ", "))"
        case .notABoolean(let value):
            return "'\(Self.shown(value))' is not a boolean; write true or false"
        case .notAnInteger(let value):
            return "'\(Self.shown(value))' is not a whole number"
        case .notANumber(let value):
            return "'\(Self.shown(value))' is not a number"
        case .belowMinimum(let key, let value, let minimum):
            return "\(key) must be at least \(minimum), found \(Self.shown(value))"
        case .aboveMaximum(let key, let value, let maximum):
            return "\(key) must be at most \(maximum), found \(Self.shown(value))"
        case .minAdminsAboveMaxAdmins(let min, let max):
            return "min_admins (\(min)) is greater than max_admins (\(max))"
        case .resendAfterExpiry(let resend, let expire):
            return "resend_after_days (\(resend)) must not exceed expire_after_days (\(expire))"
        case .duplicateMember(let email, let first):
            return "member '\(Self.shown(email))' is declared twice (first at \(first)); e-mails are compared case-insensitively"
        case .duplicatePartner(let id, let first):
            return "partner \(Self.shown(id)) is declared twice (first at \(first))"
        case .duplicateAssetKey(let key, let first):
            return "asset key '\(Self.shown(key))' is declared twice (first at \(first))"
        case .duplicateAssetID(let type, let id, let firstKey, let first):
            return "\(type.rawValue) \(id) is already declared as '\(firstKey)' (at \(first))"
        case .duplicateProtected(let value):
            return "'\(Self.shown(value))' is listed twice under protected"
        case .undeclaredAsset(let key, let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "no asset with key '\(Self.shown(key))' is declared under assets\(hint)"
        case .invalidPermission(let value, let type):
            let allowed = type.permissionValues
            let suggestion = Suggestion.closest(to: value, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            return "'\(Self.shown(value))' is not a permission for \(type.article) \(type.rawValue)\(suggestion); expected one of: \(allowed.joined(separator: ", "))"
        case .permissionNeedsList(let value):
            return "a tiktok_account permission is a list; write [\(Self.shown(value))]"
        case .permissionNotList(let type):
            return "\(type.article) \(type.rawValue) permission is a single value, not a list"
        case .emptyPermissionList:
            return "the permission list is empty; remove the line to grant nothing"
        case .repeatedPermission(let value):
            return "permission '\(Self.shown(value))' is listed twice"
        case .shareOfForeignAsset(let key, let owner):
            return "asset '\(Self.shown(key))' is owned by Business Center \(owner); only its owner can share it with a partner"
        case .accessOnOwnAsset(let key):
            return "asset '\(Self.shown(key))' is owned by this Business Center; 'access' applies only to an asset another Business Center owns"
        case .accessNotRequestable(let type):
            return "access to \(type.article) \(type.rawValue) cannot be requested; only ad_account and tiktok_account take 'access'"
        case .selfPartner(let id):
            return "Business Center \(Self.shown(id)) is this Business Center; it cannot be its own partner"
        case .providerKeyForOtherKind(let key, let kind):
            return "key '\(Self.shown(key))' does not apply to provider kind '\(kind.rawValue)'"
        case .baseURLNotTikTok(let value):
            return "provider.base_url '\(Self.shown(value))' is not TikTok's API: a config sends the access token only to \(ProviderConfig.tiktokHosts.joined(separator: " or ")); another endpoint (a proxy, a test fake) is set by whoever runs bcplan, in the environment variable \(ProviderConfig.baseURLOverride)"
        case .tokenVariableNotAllowed(let value):
            return "provider.token_env '\(Self.shown(value))' is not a token variable: its name must begin with \(ProviderConfig.tokenVariablePrefixes.joined(separator: " or ")) (e.g. BCPLAN_TIKTOK_TOKEN), so a config cannot have another variable sent as the token"
        case .pathIsEmpty(let what):
            return "\(what) must not be empty"
        case .stateKeyForOtherBackend(let key, let backend):
            return "key '\(Self.shown(key))' does not apply to state backend '\(backend.rawValue)'"
        case .ownerNotDeclared(let owner, let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "owner '\(Self.shown(owner))' is not a declared member\(hint); an owner is a member who vouches for this access"
        case .externalWithoutOwner(let email):
            return "member '\(Self.shown(email))' is external but has no owner; name the member who vouches for them (owner:)"
        case .memberOutsideDomains(let email, let domains):
            return "'\(Self.shown(email))' is outside policy.member_domains (\(domains.joined(separator: ", "))); declare external: true with an owner, or use an address of those domains"
        case .partnerWithoutOwner(let id):
            return "partner \(Self.shown(id)) has no owner; policy.require_owner asks for the member who vouches for it (owner:)"
        case .memberWithoutOwner(let email):
            return "member '\(Self.shown(email))' has no owner; policy.require_member_owner asks for the member who vouches for them (owner:)"
        case .aboveMaxPartnerPermission(let partner, let key, let type, let permission, let ceiling):
            return "partner \(Self.shown(partner)) gets \(permission) on \(type.rawValue) '\(Self.shown(key))'; policy.max_partner_permission allows at most \(ceiling) on \(type.article) \(type.rawValue)"
        case .duplicateDomain(let domain):
            return "domain '\(Self.shown(domain))' is listed twice under member_domains"
        case .problemsNotListed(let count, let listed):
            return "\(count) more problems from here on are not listed; bcplan lists the first \(listed)"
        }
    }

    public var code: String {
        switch self {
        case .emptyFile: "empty_file"
        case .unreadable: "unreadable_file"
        case .unknownKey: "unknown_key"
        case .missingKey: "missing_key"
        case .nonStringKey: "non_string_key"
        case .wrongType: "wrong_type"
        case .unsupportedVersion: "unsupported_version"
        case .unquotedID: "unquoted_id"
        case .invalidID: "invalid_id"
        case .invalidPixelID: "invalid_pixel_id"
        case .invalidEmail: "invalid_email"
        case .invalidString: "invalid_string"
        case .notInEnumeration: "invalid_value"
        case .notABoolean: "not_a_boolean"
        case .notAnInteger: "not_an_integer"
        case .notANumber: "not_a_number"
        case .belowMinimum: "below_minimum"
        case .aboveMaximum: "above_maximum"
        case .minAdminsAboveMaxAdmins: "min_admins_above_max_admins"
        case .resendAfterExpiry: "resend_after_expiry"
        case .duplicateMember: "duplicate_member"
        case .duplicatePartner: "duplicate_partner"
        case .duplicateAssetKey: "duplicate_asset_key"
        case .duplicateAssetID: "duplicate_asset_id"
        case .duplicateProtected: "duplicate_protected"
        case .undeclaredAsset: "undeclared_asset"
        case .invalidPermission: "invalid_permission"
        case .permissionNeedsList: "permission_needs_list"
        case .permissionNotList: "permission_not_list"
        case .emptyPermissionList: "empty_permission_list"
        case .repeatedPermission: "repeated_permission"
        case .shareOfForeignAsset: "share_of_foreign_asset"
        case .accessOnOwnAsset: "access_on_own_asset"
        case .accessNotRequestable: "access_not_requestable"
        case .selfPartner: "self_partner"
        case .providerKeyForOtherKind: "provider_key_for_other_kind"
        case .baseURLNotTikTok: "base_url_not_tiktok"
        case .tokenVariableNotAllowed: "token_env_not_allowed"
        case .pathIsEmpty: "empty_path"
        case .stateKeyForOtherBackend: "state_key_for_other_backend"
        case .problemsNotListed: "too_many_problems"
        case .ownerNotDeclared: "owner_not_declared"
        case .externalWithoutOwner: "external_without_owner"
        case .memberOutsideDomains: "member_outside_domains"
        case .partnerWithoutOwner: "partner_without_owner"
        case .memberWithoutOwner: "member_without_owner"
        case .aboveMaxPartnerPermission: "above_max_partner_permission"
        case .duplicateDomain: "duplicate_member_domain"
        }
    }
}

extension ConfigMessage {
    /// Text from the file as a message quotes it (see `YAMLNode.excerpt`).
    static func shown(_ text: String) -> String {
        YAMLNode.excerpt(text)
    }
}

extension AssetType {
    /// "a" or "an", for messages.
    var article: String { self == .adAccount ? "an" : "a" }
}
