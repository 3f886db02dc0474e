/// The access token's user in the Business Center, as `/bc/get/` gives it (`user_role`,
/// `ext_user_role.finance_role`). TikTok does not say who the user is.
public struct TikTokAccess: Sendable, Hashable {
    public var businessCenterName: String?
    /// nil when TikTok gave a role bcplan does not know (it is then not taken as an admin).
    public var role: MemberRole?
    public var roleText: String
    public var finance: FinanceRole?

    public init(businessCenterName: String?, roleText: String, finance: FinanceRole?) {
        self.businessCenterName = businessCenterName
        self.roleText = roleText
        role = TikTokVocabulary.role(api: roleText)
        self.finance = finance
    }
}
