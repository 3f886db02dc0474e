/// The `policy.invites:` section with its defaults (the JSON Schema reads them from here).
public struct InvitationPolicy: Sendable, Hashable {
    public var expireAfterDays = 30
    public var resendAfterDays = 30
    public var maxResends = 3
    public var onExhausted: ExhaustedInvitationAction = .report

    public init() {}
}
