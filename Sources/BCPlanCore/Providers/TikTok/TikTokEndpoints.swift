/// Every endpoint of TikTok's API for Business v1.3 that bcplan calls, as TikTok's own definitions
/// give them: the SDK repository `tiktok/tiktok-business-api-sdk`, `yml_files/bc_*.yml` (each
/// endpoint's `source`). Where the SDK leaves a row's fields or a page size open, the second source
/// is `bububa/tiktok-business` (`model/bc/*.go`), named on the fact.
///
/// `Tests/TikTokSDK/check_endpoints.py` re-derives all of this from a copy of the SDK and prints
/// any difference; `Tests/TikTokSDK/endpoints.json` is this table as that script reads it (a test
/// keeps the two equal).
public enum TikTokEndpoints {
    private static let bububa = "bububa/tiktok-business"
    private static let noSource = "no source: neither the SDK nor bububa/tiktok-business documents it; read when present"

    // MARK: Reads

    /// yml_files/bc_get.yml: `bc_id` selects the Business Center (there is no `filtering.bc_ids`);
    /// each row also says the token's user's role in it.
    public static let businessCenter = TikTokEndpoint(
        .get, "/bc/get/", source: "yml_files/bc_get.yml",
        purpose: "the Business Center's name, and the token's user's role in it",
        parameters: [
            .id("bc_id"),
            TikTokParameter("scene", .enumeration(TikTokEnumeration("BCGetScene", accepted: ["SINGLE_ACCOUNT", "TIERED_ACCOUNT"]))),
            TikTokParameter("filtering", .object([
                TikTokParameter("keyword", .text(.plain)),
                TikTokParameter("keyword_type", .enumeration(TikTokEnumeration("BCSearchKeywordType", accepted: ["ASSET", "MEMBER", "PARTNER", "TIER"]))),
                TikTokParameter("relation_type", .enumeration(TikTokEnumeration("TierBCRelationType", accepted: ["CHILD", "PARENT"]))),
            ])),
            TikTokParameter("page", .integer(minimum: nil, maximum: nil)),
            .pageSize(50),
        ],
        rows: [TikTokRowField("bc_info.bc_id"), TikTokRowField("bc_info.name"), TikTokRowField("user_role"),
               // The SDK lists ext_user_role without its fields.
               TikTokRowField("ext_user_role.finance_role", source: "\(bububa) model/bc/get.go")])

    /// yml_files/bc_member_get.yml; `page_size` has no maximum there.
    public static let members = TikTokEndpoint(
        .get, "/bc/member/get/", source: "yml_files/bc_member_get.yml",
        purpose: "members and pending invitations, with BC and finance roles",
        parameters: [
            .id("bc_id", required: true),
            // x-open-convert: string(%s), not int64.
            TikTokParameter("child_bc_id", .text(.plain)),
            TikTokParameter("filtering", .object([
                TikTokParameter("keyword", .text(.plain)),
                TikTokParameter("relation_status", .enumeration(TikTokEnumeration.relationStatus)),
                TikTokParameter("user_role", .enumeration(TikTokEnumeration.userRole)),
            ])),
            TikTokParameter("page", .integer(minimum: nil, maximum: nil)),
            // The SDK gives no maximum; bububa's MemberGetRequest says 最大值：20.
            .pageSize(20, source: "\(bububa) model/bc/member_get.go (the SDK gives no maximum)"),
        ],
        rows: ["user_id", "user_email", "user_role", "relation_status", "ext_user_role.finance_role"].map { TikTokRowField($0) })

    /// yml_files/bc_partner_get.yml; its rows are `$.rpc.output.partners` without fields.
    public static let partners = TikTokEndpoint(
        .get, "/bc/partner/get/", source: "yml_files/bc_partner_get.yml",
        purpose: "partner Business Centers",
        parameters: [
            .id("bc_id", required: true),
            .page,
            .pageSize(50),
            TikTokParameter("filtering", .object([TikTokParameter("name", .text(.plain))])),
        ],
        rows: [
            TikTokRowField("bc_id", source: "\(bububa) model/bc/partner_get.go"),
            TikTokRowField("bc_name", source: "\(bububa) model/bc/partner_get.go"),
            TikTokRowField("relation_status", source: noSource),
        ])

    /// yml_files/bc_partner_asset_get.yml: `asset_type` takes ADVERTISER, CATALOG and DOMAIN only.
    public static let partnerAssets = TikTokEndpoint(
        .get, "/bc/partner/asset/get/", source: "yml_files/bc_partner_asset_get.yml",
        purpose: "ad accounts and catalogs shared with a partner (SHARING), or by it with us (SHARED: the owner of a foreign asset)",
        parameters: [
            .id("bc_id", required: true),
            .id("partner_id", required: true),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER", "CATALOG", "DOMAIN"])), required: true),
            TikTokParameter("share_type", .enumeration(TikTokEnumeration("ShareType", accepted: ["SHARED", "SHARING"])), required: true),
            TikTokParameter("filtering", .object([TikTokParameter("keyword", .text(.plain))])),
            .page,
            .pageSize(50),
        ],
        rows: ["asset_id", "advertiser_role", "catalog_role"].map {
            TikTokRowField($0, source: "\(bububa) model/bc/asset_get.go (api/bc/partner_asset_get.go returns AssetGetResult)")
        })

    /// yml_files/bc_asset_admin_get.yml: rows carry `owner_bc_name` (no owner id) and `relation_status`.
    public static let adminAssets = TikTokEndpoint(
        .get, "/bc/asset/admin/get/", source: "yml_files/bc_asset_admin_get.yml",
        purpose: "every asset of a type the Business Center owns or reaches, with owner name and relation status",
        parameters: [
            .id("bc_id", required: true),
            .id("child_bc_id"),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER", "CATALOG", "LEAD", "PIXEL", "STOREFRONT", "TIKTOK_SHOP", "TT_ACCOUNT"])), required: true),
            TikTokParameter("filtering", .object([
                TikTokParameter("advertiser_show_status", .enumeration(TikTokEnumeration("ShowAccountStatus", accepted: [
                    "SHOW_ACCOUNT_STATUS_APPROVED", "SHOW_ACCOUNT_STATUS_IN_REVIEW", "SHOW_ACCOUNT_STATUS_NOT_APPROVED",
                    "SHOW_ACCOUNT_STATUS_PUNISHED",
                ]))),
                TikTokParameter("keyword", .text(.plain)),
                TikTokParameter("relation_status", .enumeration(TikTokEnumeration("BCAssetRelationStatus", accepted: ["BOUND", "PENDING", "REJECTED", "UNBOUND"], refused: ["REJECT"]))),
                TikTokParameter("relation_type", .enumeration(TikTokEnumeration("AssetRelationType", accepted: ["OWNER_BC", "OWNER_INDIVIDUAL", "OWNER_PARTNER"]))),
            ])),
            .page,
            .pageSize(50),
        ],
        rows: ["asset_id", "asset_name", "relation_type", "relation_status", "owner_bc_name", "advertiser_role", "catalog_role",
               "tt_account_roles"].map { TikTokRowField($0) })

    /// yml_files/bc_asset_get.yml: a member's assets of one type, by `filtering.user_id`, or by
    /// `filtering.user_email` for a pending invitation.
    public static let memberAssets = TikTokEndpoint(
        .get, "/bc/asset/get/", source: "yml_files/bc_asset_get.yml",
        purpose: "a member's TikTok accounts and pixels (user_id), or the ad accounts of a pending invitation (user_email)",
        parameters: [
            .id("bc_id", required: true),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER", "CATALOG", "LEAD", "PIXEL", "STOREFRONT", "TIKTOK_SHOP", "TT_ACCOUNT"])), required: true),
            .id("child_bc_id"),
            TikTokParameter("filtering", .object([
                TikTokParameter("keyword", .text(.plain)),
                TikTokParameter("user_email", .text(.email)),
                .id("user_id"),
            ])),
            .page,
            .pageSize(50),
        ],
        rows: ["asset_id", "advertiser_role", "tt_account_roles"].map { TikTokRowField($0) })

    /// yml_files/bc_asset_member_get.yml: `asset_type` takes ADVERTISER, CATALOG and LEAD only.
    public static let assetMembers = TikTokEndpoint(
        .get, "/bc/asset/member/get/", source: "yml_files/bc_asset_member_get.yml",
        purpose: "the members who hold an ad account or catalog, with their permission",
        parameters: [
            .id("bc_id", required: true),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER", "CATALOG", "LEAD"])), required: true),
            .id("asset_id", required: true),
            TikTokParameter("filtering", .object([TikTokParameter("keyword", .text(.plain))])),
            .page,
            .pageSize(20),
        ],
        rows: ["user_email", "relation_status", "advertiser_role", "catalog_role"].map {
            TikTokRowField($0, source: "\(bububa) model/bc/member_get.go (api/bc/asset_member_get.go returns MemberGetResult)")
        })

    /// yml_files/bc_asset_partner_get.yml: which partners hold an asset (any type), without their permission.
    public static let assetPartners = TikTokEndpoint(
        .get, "/bc/asset/partner/get/", source: "yml_files/bc_asset_partner_get.yml",
        purpose: "the partners that hold a TikTok account or pixel (no permission is given)",
        parameters: [
            .id("bc_id", required: true),
            TikTokParameter("asset_type", .enumeration(TikTokEnumeration("BCAsset", accepted: TikTokEnumeration.assetTypes)), required: true),
            .id("asset_id", required: true),
            TikTokParameter("filtering", .object([TikTokParameter("keyword", .text(.plain))])),
            .page,
            .pageSize(50),
        ],
        rows: [TikTokRowField("bc_id", source: "\(bububa) model/bc/partner_get.go (api/bc/asset_partner_get.go returns PartnerGetResult)")])

    // MARK: Writes

    /// yml_files/bc_member_invite.yml: `asset_ids` is required (`extra_rule`) but has no minimum
    /// length; `asset_type` takes ADVERTISER only.
    public static let invite = TikTokEndpoint(
        .post, "/bc/member/invite/", source: "yml_files/bc_member_invite.yml",
        purpose: "invite members with a role, a finance role and ad accounts",
        parameters: [
            TikTokParameter("advertiser_role", .enumeration(TikTokEnumeration.advertiserRole)),
            TikTokParameter("asset_ids", .list(of: .text(.int64), minCount: nil, maxCount: nil), required: true),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER"]))),
            .id("bc_id", required: true),
            TikTokParameter("emails", .list(of: .text(.email), minCount: 1, maxCount: 50), required: true),
            TikTokParameter("ext_user_role", .object([TikTokParameter("finance_role", .enumeration(TikTokEnumeration.financeRole))])),
            TikTokParameter("user_role", .enumeration(TikTokEnumeration.userRole)),
        ])

    /// yml_files/bc_member_update.yml.
    public static let updateMember = TikTokEndpoint(
        .post, "/bc/member/update/", source: "yml_files/bc_member_update.yml",
        purpose: "change a member's BC role and finance role",
        parameters: [
            .id("bc_id", required: true),
            .id("child_bc_id"),
            TikTokParameter("ext_user_role", .object([TikTokParameter("finance_role", .enumeration(TikTokEnumeration.financeRole))])),
            .id("user_id", required: true),
            TikTokParameter("user_name", .text(.plain)),
            TikTokParameter("user_role", .enumeration(TikTokEnumeration.userRole)),
        ])

    /// yml_files/bc_member_delete.yml: `user_id` for a member, `user_email` for a pending invitation.
    public static let deleteMember = TikTokEndpoint(
        .post, "/bc/member/delete/", source: "yml_files/bc_member_delete.yml",
        purpose: "remove a member (user_id) or cancel a pending invitation (user_email)",
        parameters: [
            .id("bc_id", required: true),
            .id("child_bc_id"),
            TikTokParameter("user_email", .text(.email)),
            .id("user_id"),
        ])

    /// yml_files/bc_partner_add.yml: `asset_type` takes ADVERTISER only, `asset_type` and
    /// `asset_ids` are required (`extra_rule`), at most 50 ids.
    public static let addPartner = TikTokEndpoint(
        .post, "/bc/partner/add/", source: "yml_files/bc_partner_add.yml",
        purpose: "add a partner, and share ad accounts with it",
        parameters: [
            TikTokParameter("advertiser_role", .enumeration(TikTokEnumeration.advertiserRole)),
            TikTokParameter("asset_ids", .list(of: .text(.int64), minCount: nil, maxCount: 50), required: true),
            TikTokParameter("asset_type", .enumeration(.part("BCAsset", of: TikTokEnumeration.assetTypes, accepted: ["ADVERTISER"])), required: true),
            .id("bc_id", required: true),
            TikTokParameter("catalog_role", .enumeration(TikTokEnumeration.catalogRole)),
            .id("partner_id"),
            .id("source_child_bc_id"),
            .id("target_child_bc_id"),
        ])

    /// yml_files/bc_partner_delete.yml.
    public static let deletePartner = TikTokEndpoint(
        .post, "/bc/partner/delete/", source: "yml_files/bc_partner_delete.yml",
        purpose: "remove a partner (its shares go with it)",
        parameters: [.id("bc_id", required: true), .id("partner_id", required: true)])

    /// yml_files/bc_partner_asset_delete.yml: every asset type.
    public static let deletePartnerAssets = TikTokEndpoint(
        .post, "/bc/partner/asset/delete/", source: "yml_files/bc_partner_asset_delete.yml",
        purpose: "stop sharing assets of one type with a partner",
        parameters: [
            TikTokParameter("asset_ids", .list(of: .text(.int64), minCount: nil, maxCount: nil), required: true),
            TikTokParameter("asset_type", .enumeration(TikTokEnumeration("BCAsset", accepted: TikTokEnumeration.assetTypes)), required: true),
            .id("bc_id", required: true),
            .id("partner_id", required: true),
        ])

    /// yml_files/bc_asset_assign.yml: every asset type, pixels included (no role for them).
    public static let assign = TikTokEndpoint(
        .post, "/bc/asset/assign/", source: "yml_files/bc_asset_assign.yml",
        purpose: "give a member an asset with a permission",
        parameters: [
            TikTokParameter("advertiser_role", .enumeration(TikTokEnumeration.advertiserRole)),
            .id("asset_id", required: true),
            TikTokParameter("asset_type", .enumeration(TikTokEnumeration("BCAsset", accepted: TikTokEnumeration.assetTypes)), required: true),
            .id("bc_id", required: true),
            TikTokParameter("catalog_role", .enumeration(TikTokEnumeration.catalogRole)),
            TikTokParameter("form_library_role", .enumeration(TikTokEnumeration("FormLibraryRole", accepted: ["ADMIN"]))),
            TikTokParameter("store_role", .enumeration(TikTokEnumeration("StoreRole", accepted: ["AD_PROMOTION", "MANAGER"]))),
            TikTokParameter("tt_account_roles", .list(of: .enumeration(TikTokEnumeration.tiktokAccountRole), minCount: nil, maxCount: nil)),
            .id("user_id", required: true),
        ])

    /// yml_files/bc_asset_unassign.yml: every asset type.
    public static let unassign = TikTokEndpoint(
        .post, "/bc/asset/unassign/", source: "yml_files/bc_asset_unassign.yml",
        purpose: "take an asset from a member",
        parameters: [
            .id("asset_id", required: true),
            TikTokParameter("asset_type", .enumeration(TikTokEnumeration("BCAsset", accepted: TikTokEnumeration.assetTypes)), required: true),
            .id("bc_id", required: true),
            .id("user_id", required: true),
        ])

    /// The whole table, reads first, in the order bcplan calls them.
    public static let all: [TikTokEndpoint] = [
        businessCenter, members, partners, partnerAssets, adminAssets, memberAssets, assetMembers, assetPartners,
        invite, updateMember, deleteMember, addPartner, deletePartner, deletePartnerAssets, assign, unassign,
    ]

    /// The endpoint at `path` (below the version prefix) with `method`, nil when bcplan calls no such thing.
    public static func endpoint(_ method: TikTokEndpoint.Method, _ path: String) -> TikTokEndpoint? {
        all.first { $0.method == method && $0.path == path }
    }
}
