/// What a provider can do; the planner marks actions a provider cannot perform as manual.
public struct ProviderCapabilities: Sendable, Hashable {
    public var canResend: Bool
    public var canTransfer: Bool
    public var canAssignPixels: Bool
    public var canRequestAccess: Bool
    /// The asset types a partner share can be made of (an unshare is always possible).
    public var partnerShareTypes: Set<AssetType>
    /// Whether a member's finance role can be removed (not only changed).
    public var canClearFinanceRole: Bool
    /// Most e-mails one invitation call takes (1: no batching).
    public var maxInvitationBatch: Int
    /// Most asset ids one partner-share call takes.
    public var maxShareBatch: Int
    /// Requests per second the provider allows; nil when unlimited.
    public var requestsPerSecond: Double?

    public init(
        canResend: Bool = true, canTransfer: Bool = true, canAssignPixels: Bool = true, canRequestAccess: Bool = true,
        partnerShareTypes: Set<AssetType> = Set(AssetType.allCases), canClearFinanceRole: Bool = true,
        maxInvitationBatch: Int = 50, maxShareBatch: Int = 50, requestsPerSecond: Double? = nil
    ) {
        self.canResend = canResend
        self.canTransfer = canTransfer
        self.canAssignPixels = canAssignPixels
        self.canRequestAccess = canRequestAccess
        self.partnerShareTypes = partnerShareTypes
        self.canClearFinanceRole = canClearFinanceRole
        self.maxInvitationBatch = maxInvitationBatch
        self.maxShareBatch = maxShareBatch
        self.requestsPerSecond = requestsPerSecond
    }

    /// The embedded mock can do everything the platform allows.
    public static let all = ProviderCapabilities()
}

extension ProviderCapabilities {
    /// What TikTok's API for Business v1.3 can do, from its definitions (`TikTokEndpoints`):
    /// resend as cancel-and-invite, assign pixels (`/bc/asset/assign/` lists PIXEL); no transfer,
    /// no access request, partner shares of ad accounts only (`/bc/partner/add/` takes
    /// ADVERTISER), no call that removes a finance role; 50 ids a call; 10 requests a second.
    public static let tiktokLike = ProviderCapabilities(
        canResend: true, canTransfer: false, canAssignPixels: true, canRequestAccess: false,
        partnerShareTypes: Set(TikTokVocabulary.partnerShareTypes), canClearFinanceRole: false,
        maxInvitationBatch: 50, maxShareBatch: 50, requestsPerSecond: 10)
}
