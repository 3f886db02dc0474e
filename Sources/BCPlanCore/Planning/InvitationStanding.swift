import Foundation

/// Where a pending invitation stands under `policy.invites` at a given time: the planner's judgement,
/// shared with `bcplan audit` so both call the same invitation "waiting", "due" or "exhausted".
///
/// A declared role change overrides the stage (the planner resends a changed invitation at once);
/// that is the planner's business, not this type's.
public struct InvitationStanding: Sendable, Hashable {
    public enum Stage: String, Sendable, Hashable {
        /// The sending time is unknown: the invitation is left to wait.
        case unknownTime = "unknown_time"
        /// Younger than `resend_after_days`.
        case waiting
        /// At least `resend_after_days` old with resends left: the next plan resends it.
        case dueForResend = "due_for_resend"
        /// At least `resend_after_days` old after `max_resends` resends.
        case exhausted
    }

    public var stage: Stage
    /// When the (last) invitation went out; nil when unknown.
    public var sentAt: Date?
    /// Whole days since `sentAt`; 0 when unknown.
    public var days: Int
    public var resends: Int
    /// When the invitation becomes due for a resend; nil when unknown.
    public var resendOn: Date?
    /// True when the platform has expired it (`expire_after_days`).
    public var expired: Bool

    public init(_ member: MemberRecord, policy: InvitationPolicy, now: Date) {
        resends = member.resends
        guard let text = member.invitedAt, let sent = Clock.parse(text) else {
            stage = .unknownTime
            sentAt = nil
            days = 0
            resendOn = nil
            expired = false
            return
        }
        sentAt = sent
        days = Int(now.timeIntervalSince(sent) / 86_400)
        resendOn = sent.addingTimeInterval(Double(policy.resendAfterDays) * 86_400)
        expired = days >= policy.expireAfterDays
        if days < policy.resendAfterDays {
            stage = .waiting
        } else if member.resends < policy.maxResends {
            stage = .dueForResend
        } else {
            stage = .exhausted
        }
    }
}
