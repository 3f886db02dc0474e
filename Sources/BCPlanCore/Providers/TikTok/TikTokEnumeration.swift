/// The values one enumerated parameter of a TikTok endpoint takes, as TikTok's definition lists
/// them (`x-open-enum` in the SDK's `yml_files/bc_*.yml`).
///
/// The same enumeration package (e.g. `BCAsset`) is shared by many endpoints, and each endpoint
/// marks the values it does not take with `is_valid: false` (`use_part: true`): those are
/// `refused` here. A value in neither list is refused too.
public struct TikTokEnumeration: Sendable, Hashable {
    /// TikTok's name for the package (`enum_package_name`), for messages and the SDK check.
    public var package: String
    /// Sorted.
    public var accepted: [String]
    /// Listed by the definition but marked `is_valid: false` for this endpoint; sorted.
    public var refused: [String]

    public init(_ package: String, accepted: [String], refused: [String] = []) {
        self.package = package
        self.accepted = accepted.sorted()
        self.refused = refused.sorted()
    }

    /// The same package with only `accepted` valid, every other value of `all` refused.
    public static func part(_ package: String, of all: [String], accepted: [String]) -> TikTokEnumeration {
        TikTokEnumeration(package, accepted: accepted, refused: all.filter { !accepted.contains($0) })
    }
}

extension TikTokEnumeration {
    // Packages that several endpoints share, each with every value TikTok's definitions list.

    /// `BCAsset` (bc_asset_assign.yml lists all eight as valid).
    static let assetTypes = ["ADVERTISER", "CATALOG", "DOMAIN", "LEAD", "PIXEL", "STOREFRONT", "TIKTOK_SHOP", "TT_ACCOUNT"]
    /// `BCUserRole` (bc_member_invite.yml).
    static let userRole = TikTokEnumeration("BCUserRole", accepted: ["ADMIN", "STANDARD"])
    /// `BCFinanceRole` (bc_member_invite.yml, `ext_user_role.finance_role`).
    static let financeRole = TikTokEnumeration("BCFinanceRole", accepted: ["ANALYST", "MANAGER"])
    /// `AdvertiserRole` (bc_member_invite.yml, bc_partner_add.yml, bc_asset_assign.yml).
    static let advertiserRole = TikTokEnumeration("AdvertiserRole", accepted: ["ADMIN", "ANALYST", "OPERATOR"])
    /// `catalog_role` (bc_partner_add.yml, bc_asset_assign.yml).
    static let catalogRole = TikTokEnumeration("CatalogRole", accepted: ["ADMIN", "AD_PROMOTE"])
    /// `tt_account_roles` items (bc_asset_assign.yml).
    static let tiktokAccountRole = TikTokEnumeration("TTAccountRole", accepted: ["DIRECT_MESSAGE", "LIVE", "POST"])
    /// `relation_status` of members and assets (bc_member_get.yml, `filtering.relation_status`).
    static let relationStatus = TikTokEnumeration("UserRelationStatusToBC", accepted: ["BOUND", "PENDING", "REJECTED", "UNBOUND"])
}
