/// What the config declares about facts TikTok's API does not tell, used only where the API is
/// silent (README, "How bcplan speaks to TikTok"):
/// - the owner of an asset another Business Center owns, when neither `/bc/partner/asset/get/`
///   (`share_type=SHARED`) nor `owner_bc_name` names a partner (TikTok accounts have no owner name);
/// - the permissions of a partner that holds a TikTok account: `/bc/asset/partner/get/` says who
///   holds it, not with which permissions.
public struct TikTokReadHints: Sendable, Hashable {
    /// Declared owners of foreign assets.
    public var owners: [AssetRef: String]
    /// Partner BC id → TikTok account id → the declared permissions.
    public var partnerTikTokAccounts: [String: [String: Permission]]

    public init(owners: [AssetRef: String] = [:], partnerTikTokAccounts: [String: [String: Permission]] = [:]) {
        self.owners = owners
        self.partnerTikTokAccounts = partnerTikTokAccounts
    }

    /// The hints `config` gives.
    public init(config: Config) {
        var owners: [AssetRef: String] = [:]
        var byKey: [String: AssetDeclaration] = [:]
        for asset in config.assets {
            byKey[asset.key] = asset
            if let owner = asset.owner { owners[AssetRef(type: asset.type, id: asset.id)] = owner }
        }
        var accounts: [String: [String: Permission]] = [:]
        for partner in config.partners {
            for share in partner.shares {
                guard let asset = byKey[share.assetKey], asset.type == .tiktokAccount else { continue }
                accounts[partner.bcID, default: [:]][asset.id] = share.permission
            }
        }
        self.init(owners: owners, partnerTikTokAccounts: accounts)
    }
}
