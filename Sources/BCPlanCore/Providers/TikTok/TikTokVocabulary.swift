/// How bcplan's words map onto the names TikTok's API for Business v1.3 uses.
public enum TikTokVocabulary {
    public static func assetType(_ type: AssetType) -> String {
        switch type {
        case .adAccount: "ADVERTISER"
        case .catalog: "CATALOG"
        case .tiktokAccount: "TT_ACCOUNT"
        case .pixel: "PIXEL"
        }
    }

    public static func assetType(api: String) -> AssetType? {
        AssetType.allCases.first { assetType($0) == api }
    }

    /// bcplan's asset types whose TikTok name `endpoint` accepts in `asset_type`.
    static func assetTypes(acceptedBy endpoint: TikTokEndpoint) -> [AssetType] {
        let accepted = endpoint.accepted("asset_type") ?? []
        return AssetType.allCases.filter { accepted.contains(assetType($0)) }
    }

    /// The types `/bc/partner/asset/get/` lists with their permission (ad accounts, catalogs).
    static let partnerAssetTypes = assetTypes(acceptedBy: TikTokEndpoints.partnerAssets)

    /// The types whose members `/bc/asset/member/get/` lists (ad accounts, catalogs).
    static let assetMemberTypes = assetTypes(acceptedBy: TikTokEndpoints.assetMembers)

    /// The rest, read per member through `/bc/asset/get/` (TikTok accounts, pixels).
    static let memberAssetTypes = AssetType.allCases.filter { !assetMemberTypes.contains($0) }

    /// The types `/bc/partner/add/` shares (ad accounts only).
    static let partnerShareTypes = assetTypes(acceptedBy: TikTokEndpoints.addPartner)

    public static func role(_ role: MemberRole) -> String { role.rawValue.uppercased() }

    public static func role(api: String) -> MemberRole? { MemberRole(rawValue: api.lowercased()) }

    public static func finance(_ role: FinanceRole) -> String { role.rawValue.uppercased() }

    public static func finance(api: String) -> FinanceRole? { FinanceRole(rawValue: api.lowercased()) }

    /// The request or row field that carries a permission on an asset of `type`; nil for pixels,
    /// which take no role.
    public static func permissionField(for type: AssetType) -> String? {
        switch type {
        case .adAccount: "advertiser_role"
        case .catalog: "catalog_role"
        case .tiktokAccount: "tt_account_roles"
        case .pixel: nil
        }
    }

    /// `permission` as the API's fields: `{"advertiser_role": "OPERATOR"}`,
    /// `{"tt_account_roles": ["LIVE", "POST"]}`, nothing for a pixel.
    public static func permissionFields(_ permission: Permission, for type: AssetType) -> [String: JSONValue] {
        guard let field = permissionField(for: type) else { return [:] }
        switch permission {
        case .level(let value): return [field: .string(value.uppercased())]
        case .set(let values): return [field: .array(values.map { .string($0.uppercased()) })]
        }
    }

    /// The permission a row's fields give on an asset of `type`, nil when they give none or an
    /// unknown value. A pixel row is `use`.
    public static func permission(in row: JSONValue, for type: AssetType) -> Permission? {
        guard let field = permissionField(for: type) else { return .level("use") }
        switch row[field] {
        case .string(let value)?:
            let level = value.lowercased()
            return type.permissionValues.contains(level) ? .level(level) : nil
        case .array(let items)?:
            let values = items.compactMap { $0.stringValue?.lowercased() }
            guard !values.isEmpty, values.count == items.count, values.allSatisfy(type.permissionValues.contains) else { return nil }
            return .makeSet(values)
        default:
            return nil
        }
    }
}
