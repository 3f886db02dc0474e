/// One request a change becomes, and what the Business Center shows once it has taken effect
/// (read back when the request's answer never came).
struct TikTokWrite: Sendable {
    var endpoint: TikTokEndpoint
    var fields: [String: JSONValue]
    var effect: TikTokEffect
    /// A refusal may mean that an earlier attempt of the same call did it already (the cancelled
    /// invitation of a resend that was retried): read back before failing.
    var confirmOnRefusal = false
}

/// What the Business Center shows once a write has taken effect.
enum TikTokEffect: Sendable, Equatable {
    /// Invited (pending) or members; e-mails in lower case.
    case membersPresent([String])
    case memberAbsent(String)
    case memberRoles(email: String, role: MemberRole, finance: FinanceRole?)
    /// The member holds `asset` with `permission`; nil: does not hold it.
    case memberGrant(email: String, userID: String, asset: AssetRef, permission: Permission?)
    case partnerPresent(String)
    case partnerAbsent(String)
    /// The partner holds each asset with `permission`; nil: holds none of them.
    case partnerShares(partner: String, type: AssetType, ids: [String], permission: Permission?)
}

/// What a read-back found.
enum TikTokReadBack: Sendable, Equatable {
    case done
    case notDone
    /// A batch of which only some took effect (named), so neither repeating nor counting it done is right.
    case partly(String)
}
