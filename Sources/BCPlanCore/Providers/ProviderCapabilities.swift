/// What a provider can do; the planner marks actions a provider cannot perform as manual.
public struct ProviderCapabilities: Sendable, Hashable {
    public var canResend: Bool
    public var canTransfer: Bool
    public var canAssignPixels: Bool
    public var canRequestAccess: Bool
    /// Most e-mails one invitation call takes (1: no batching).
    public var maxInvitationBatch: Int
    /// Most asset ids one partner-share call takes.
    public var maxShareBatch: Int
    /// Requests per second the provider allows; nil when unlimited.
    public var requestsPerSecond: Double?

    public init(
        canResend: Bool = true, canTransfer: Bool = true, canAssignPixels: Bool = true, canRequestAccess: Bool = true,
        maxInvitationBatch: Int = 50, maxShareBatch: Int = 50, requestsPerSecond: Double? = nil
    ) {
        self.canResend = canResend
        self.canTransfer = canTransfer
        self.canAssignPixels = canAssignPixels
        self.canRequestAccess = canRequestAccess
        self.maxInvitationBatch = maxInvitationBatch
        self.maxShareBatch = maxShareBatch
        self.requestsPerSecond = requestsPerSecond
    }

    /// The embedded mock can do everything the platform allows.
    public static let all = ProviderCapabilities()
}

extension ProviderCapabilities {
    /// What TikTok's API for Business v1.3 can do: no resend, no transfer, no pixel assignment,
    /// no access request; 50 ids a call; 10 requests a second.
    public static let tiktokLike = ProviderCapabilities(
        canResend: false, canTransfer: false, canAssignPixels: false, canRequestAccess: false,
        maxInvitationBatch: 50, maxShareBatch: 50, requestsPerSecond: 10)
}
