/// Every diagnostic the planner can produce, with its severity, worded in one place so tests can
/// assert exact text (as `ConfigMessage` does for the config), each with its stable code.
public enum PlanMessage: DiagnosticMessage, Hashable {
    // Assets
    case assetMissing(key: String, asset: String)
    case transferPlanned(key: String, asset: String, owner: String)
    case ownerMismatch(key: String, asset: String, owner: String, declared: String)
    case foreignAsset(key: String, asset: String, owner: String)
    case accessRequested(key: String, access: Permission, owner: String)
    // Members
    case waitingForAccess(member: String, grants: [String])
    case waitingForAcceptance(member: String, grants: [String])
    case invitationTimeUnknown(member: String)
    case invitationWaiting(member: String, since: String, days: Int, resendOn: String)
    case invitationUnanswered(member: String, resends: Int, lastSent: String)
    case callerDemoted(member: String)
    case protectedMemberDemoted(member: String)
    case protectedMemberLowered(member: String, asset: String)
    case protectedMemberUnassigned(member: String, asset: String)
    case callerRevoked(member: String, config: String)
    case protectedMemberRevoked(member: String, config: String)
    // Partners
    case protectedPartnerRemoved(partner: String, config: String)
    case partnerGetsAdmin(partner: String, name: String?, key: String)
    case protectedPartnerLowered(partner: String, asset: String)
    case protectedPartnerUnshared(partner: String, asset: String)
    // Policy over the whole plan
    case tooManyAdminsDeclared(declared: Int, kept: Int, maximum: Int)
    case tooFewAdminsDeclared(declared: Int, minimum: Int)
    case tooManyMembers(count: Int, maximum: Int)
    case belowAdminFloor(after: String, activeAdmins: Int, minimum: Int)
    case beyondAdminLimit(after: String, admins: Int)
    case fewActiveAdmins(activeAdmins: Int, minimum: Int, pendingInvitations: Int)
    case massRevoke(removed: Int, population: Int, fraction: Double, maximum: Double)
    // Expiry (issue 16)
    case expiresSoon(what: String, on: String, days: Int, removal: String)
    case expiredCaller(member: String, on: String)
    case expiredProtected(what: String, on: String)
    case expiredAdminBelowFloor(member: String, on: String, remaining: String, minimum: Int)
    case expiryRequired(what: String, maxDays: Int, latest: String)
    case expiryBeyondMaxGrantDays(what: String, on: String, maxDays: Int, latest: String)
    // Acknowledgements (issue 14)
    case acknowledgementStale(entry: String)

    public var severity: Severity {
        switch self {
        case .assetMissing, .callerDemoted, .protectedMemberDemoted, .protectedMemberLowered, .protectedMemberUnassigned,
             .callerRevoked, .protectedMemberRevoked, .protectedPartnerRemoved, .protectedPartnerLowered,
             .protectedPartnerUnshared, .tooManyAdminsDeclared, .tooFewAdminsDeclared, .tooManyMembers, .belowAdminFloor,
             .beyondAdminLimit, .massRevoke, .expiredCaller, .expiredProtected, .expiredAdminBelowFloor, .expiryRequired,
             .expiryBeyondMaxGrantDays:
            .error
        case .transferPlanned, .ownerMismatch, .foreignAsset, .invitationUnanswered, .partnerGetsAdmin, .fewActiveAdmins,
             .expiresSoon, .acknowledgementStale:
            .warning
        case .accessRequested, .waitingForAccess, .waitingForAcceptance, .invitationTimeUnknown, .invitationWaiting:
            .info
        }
    }

    public var description: String {
        switch self {
        case .assetMissing(let key, let asset):
            "asset '\(key)' (\(asset)) is not in the Business Center; bcplan cannot create assets, only manage access to them"
        case .transferPlanned(let key, let asset, let owner):
            "asset '\(key)' (\(asset)) is owned by Business Center \(owner); a transfer to this Business Center is planned"
        case .ownerMismatch(let key, let asset, let owner, let declared):
            "asset '\(key)' (\(asset)) is owned by Business Center \(owner), not \(declared) as declared"
        case .foreignAsset(let key, let asset, let owner):
            "asset '\(key)' (\(asset)) is owned by another Business Center, \(owner)"
        case .accessRequested(let key, let access, let owner):
            "access \(access) to '\(key)' was requested from \(owner) and waits for its approval"
        case .waitingForAccess(let member, let grants):
            "waiting for this Business Center's access before granting \(member) \(grants.joined(separator: ", "))"
        case .waitingForAcceptance(let member, let grants):
            "waiting for \(member) to accept the invitation before granting \(grants.joined(separator: ", "))"
        case .invitationTimeUnknown(let member):
            "the invitation to \(member) is pending; its sending time is unknown, so it is left to wait"
        case .invitationWaiting(let member, let since, let days, let resendOn):
            "the invitation to \(member) is pending since \(since) (\(days) days); waiting, resend due on \(resendOn)"
        case .invitationUnanswered(let member, let resends, let lastSent):
            "the invitation to \(member) is unanswered after \(resends.counted("resend")) (last sent \(lastSent))"
        case .callerDemoted(let member):
            "the plan would demote \(member), who applies it (provider.caller); declare the current role or apply as someone else"
        case .protectedMemberDemoted(let member):
            "the plan would demote protected member \(member) (policy.protected)"
        case .protectedMemberLowered(let member, let asset):
            "the plan would lower protected member \(member)'s permission on \(asset) (policy.protected)"
        case .protectedMemberUnassigned(let member, let asset):
            "the plan would unassign protected member \(member) from \(asset) (policy.protected)"
        case .callerRevoked(let member, let config):
            "the plan would revoke \(member), who applies it (provider.caller); declare them in \(config)"
        case .protectedMemberRevoked(let member, let config):
            "the plan would revoke protected member \(member) (policy.protected); declare them in \(config) or set policy.unmanaged: keep"
        case .protectedPartnerRemoved(let partner, let config):
            "the plan would remove protected partner \(partner) (policy.protected); declare it in \(config) or set policy.unmanaged: keep"
        case .partnerGetsAdmin(let partner, let name, let key):
            "partner \(ActionNames.partner(partner, name: name)) gets admin on ad account '\(key)': it can manage users and billing of that account"
        case .protectedPartnerLowered(let partner, let asset):
            "the plan would lower protected partner \(partner)'s share of \(asset) (policy.protected)"
        case .protectedPartnerUnshared(let partner, let asset):
            "the plan would unshare \(asset) from protected partner \(partner) (policy.protected)"
        case .tooManyAdminsDeclared(let declared, let kept, let maximum):
            "\(declared) admins are declared"
                + (kept == 0 ? "" : " and \(kept) more \(kept == 1 ? "is" : "are") kept by policy.unmanaged: keep (\(declared + kept) in all)")
                + "; policy.max_admins is \(maximum)"
        case .tooFewAdminsDeclared(let declared, let minimum):
            "\(declared) admin\(declared == 1 ? " is" : "s are") declared; policy.min_admins is \(minimum)"
        case .tooManyMembers(let count, let maximum):
            "the Business Center would have \(count) members; policy.max_members is \(maximum)"
        case .belowAdminFloor(let after, let activeAdmins, let minimum):
            "after \(after) the Business Center would have \(activeAdmins.counted("active admin")); policy.min_admins is \(minimum)"
        case .beyondAdminLimit(let after, let admins):
            "after \(after) the Business Center would have \(admins) admins, pending invitations included; the platform allows \(PlatformLimits.maxAdmins), and no order of this plan stays within both that and policy.min_admins"
        case .fewActiveAdmins(let activeAdmins, let minimum, let pending):
            "the Business Center has \(activeAdmins.counted("active admin")); policy.min_admins is \(minimum)"
                + (pending > 0 ? " (\(pending.counted("admin invitation")) planned; invitees count once they accept)" : "")
        case .massRevoke(let removed, let population, let fraction, let maximum):
            "the plan removes \(removed) of \(population) members and partners (\(Self.percent(fraction))), more than policy.max_revoke_fraction (\(Self.percent(maximum))); review it, then pass --allow-mass-revoke"
        case .expiresSoon(let what, let on, let days, let removal):
            "\(what) expires on \(on) (in \(days.counted("day"))); from then on plans \(removal): extend expires to keep it"
        case .expiredCaller(let member, let on):
            "\(member) expired on \(on), but applies this plan (provider.caller) and cannot revoke themselves; extend expires or apply as someone else"
        case .expiredProtected(let what, let on):
            "\(what) expired on \(on), but policy.protected keeps it; extend expires or take it off policy.protected"
        case .expiredAdminBelowFloor(let member, let on, let remaining, let minimum):
            "admin \(member) expired on \(on); revoking them would leave \(remaining), and policy.min_admins is \(minimum): declare another admin or extend expires"
        case .expiryRequired(let what, let maxDays, let latest):
            "\(what) has no expires; policy.max_grant_days (\(maxDays)) asks for one no later than \(latest)"
        case .expiryBeyondMaxGrantDays(let what, let on, let maxDays, let latest):
            "\(what) expires on \(on), later than policy.max_grant_days (\(maxDays)) allows (\(latest))"
        case .acknowledgementStale(let entry):
            "the acknowledgement of \(entry) matches no warning of this plan; remove it"
        }
    }

    public var code: String {
        switch self {
        case .assetMissing: "asset_missing"
        case .transferPlanned: "transfer_planned"
        case .ownerMismatch: "asset_owner_mismatch"
        case .foreignAsset: "foreign_asset"
        case .accessRequested: "access_requested"
        case .waitingForAccess: "waiting_for_access"
        case .waitingForAcceptance: "waiting_for_acceptance"
        case .invitationTimeUnknown: "invitation_time_unknown"
        case .invitationWaiting: "invitation_waiting"
        case .invitationUnanswered: "invitation_unanswered"
        case .callerDemoted: "caller_demoted"
        case .protectedMemberDemoted: "protected_member_demoted"
        case .protectedMemberLowered: "protected_member_lowered"
        case .protectedMemberUnassigned: "protected_member_unassigned"
        case .callerRevoked: "caller_revoked"
        case .protectedMemberRevoked: "protected_member_revoked"
        case .protectedPartnerRemoved: "protected_partner_removed"
        case .partnerGetsAdmin: "partner_admin"
        case .protectedPartnerLowered: "protected_partner_lowered"
        case .protectedPartnerUnshared: "protected_partner_unshared"
        case .tooManyAdminsDeclared: "too_many_admins_declared"
        case .tooFewAdminsDeclared: "too_few_admins_declared"
        case .tooManyMembers: "too_many_members"
        case .belowAdminFloor: "below_admin_floor"
        case .beyondAdminLimit: "beyond_admin_limit"
        case .fewActiveAdmins: "few_active_admins"
        case .massRevoke: "mass_revoke"
        case .expiresSoon: "access_expires_soon"
        case .expiredCaller: "expired_caller"
        case .expiredProtected: "expired_protected"
        case .expiredAdminBelowFloor: "expired_admin_below_floor"
        case .expiryRequired: "expiry_required"
        case .expiryBeyondMaxGrantDays: "expiry_beyond_max_grant_days"
        case .acknowledgementStale: "acknowledgement_stale"
        }
    }

    /// The codes of the warnings `acknowledge:` may name: every warning but a stale
    /// acknowledgement (a test checks this against `severity`).
    public static let warningCodes = [
        "transfer_planned", "asset_owner_mismatch", "foreign_asset", "invitation_unanswered", "partner_admin",
        "few_active_admins", "access_expires_soon",
    ]

    /// `25%`, `33.3%`.
    static func percent(_ fraction: Double) -> String {
        let value = (fraction * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
