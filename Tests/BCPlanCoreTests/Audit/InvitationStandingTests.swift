@testable import BCPlanCore
import Foundation
import Testing

@Suite struct InvitationStandingTests {
    static let now = Clock.parse("2026-11-21T12:00:00Z")!

    static func pending(sent: String?, resends: Int) -> MemberRecord {
        MemberRecord(email: "x@acme.example", status: .pending, role: .standard, invitedAt: sent, resends: resends)
    }

    @Test(arguments: [
        ("2026-11-08T12:00:01Z", 0, InvitationStanding.Stage.waiting),   // 12.99 days: whole days only
        ("2026-11-07T12:00:00Z", 0, .dueForResend),                      // exactly resend_after_days
        ("2026-11-07T12:00:00Z", 2, .dueForResend),
        ("2026-11-07T12:00:00Z", 3, .exhausted),                         // max_resends reached
        ("2026-11-20T12:00:00Z", 9, .waiting),                           // young: resends do not matter yet
    ])
    func stageFollowsThePolicy(sent: String, resends: Int, stage: InvitationStanding.Stage) {
        var policy = InvitationPolicy()
        policy.resendAfterDays = 14
        policy.expireAfterDays = 30
        policy.maxResends = 3
        let standing = InvitationStanding(Self.pending(sent: sent, resends: resends), policy: policy, now: Self.now)
        #expect(standing.stage == stage)
        #expect(!standing.expired)
    }

    @Test func unknownTimeAndExpiry() {
        let policy = InvitationPolicy()
        #expect(InvitationStanding(Self.pending(sent: nil, resends: 0), policy: policy, now: Self.now).stage == .unknownTime)
        let old = InvitationStanding(Self.pending(sent: "2026-10-01T00:00:00Z", resends: 0), policy: policy, now: Self.now)
        #expect(old.expired)
        #expect(old.days == 51)
        #expect(old.resendOn.map(Clock.day) == "2026-10-31")
    }
}
