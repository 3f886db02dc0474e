import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// The TikTok provider where the network or the token lets it down: answers that never come,
/// a kill between the two calls of a resend, TikTok's transient and token codes, a token whose
/// user may only read.
@Suite struct TikTokFaultTests {
    /// Every other write's connection is cut: after the write took effect, or before. The provider
    /// reads the Business Center back and counts a write done when it shows, sends it again when
    /// it does not: the apply converges, no invitation goes out twice, no write is refused.
    @Test(arguments: [true, false])
    func anUnansweredWriteIsReadBackNotRepeatedBlindly(_ appliedBeforeTheCut: Bool) throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed) { options in
            options.loseEveryNthWriteAnswer = 2
            options.applyBeforeLosingAnswer = appliedBeforeTheCut
        }
        try BinaryRunner.write(GeneratedBusinessCenter.config(providerLine: fixture.providerLine(extra: "requests_per_second: 200")),
                               "bcplan.yaml", in: fixture.folder)
        let applied = try fixture.run(["apply", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        fixture.fake!.acceptAll()
        let second = try fixture.run(["apply", "--auto-approve"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let final = try fixture.run(["plan", "--format", "json"])
        let left = try JSONParser.parse(Array(final.stdout.utf8))["actions"]?.arrayValue ?? []
        #expect(!left.isEmpty && left.allSatisfy { $0["manual"] != .null }, "only the manual steps are left: \(final.stdout)")
        let counters = fixture.fake!.counters
        #expect(counters.lostAnswers >= 10, "\(counters.lostAnswers)")
        #expect(counters.lostAnswersApplied == (appliedBeforeTheCut ? counters.lostAnswers : 0))
        #expect(counters.refusedWrites.isEmpty, "a write repeated after it took effect: \(counters.refusedWrites)")
        #expect(counters.invitations.count == 14 && counters.invitations.values.allSatisfy { $0 == 1 }, "\(counters.invitations)")
        if appliedBeforeTheCut {
            #expect(counters.invitationCalls == counters.invitations, "an invitation whose answer was lost was sent again")
        }
        // The audit log says which outcomes were confirmed by reading back (no request id).
        let audit = try BinaryRunner.read("bcplan.state.audit.jsonl", in: fixture.folder)
        #expect(audit.split(separator: "\n").count >= 40)
    }

    /// A resend is a cancellation by e-mail, then a new invitation. Killed between the two, the
    /// member is absent, and the next apply invites them again: nobody is lost.
    @Test func aResendKilledBetweenItsTwoCallsIsInvitedAgainByTheNextApply() throws {
        var seed = GeneratedBusinessCenter.seed
        seed.members = seed.members.filter { $0.role == .admin }
        seed.partners = []
        let fixture = try BackendFixture(.fake, seed: seed) { $0.holdAfterWrite = "/bc/member/delete/" }
        let config = """
            version: 1
            business_center: {id: "\(GeneratedBusinessCenter.id)", name: Acme}
            \(fixture.providerLine())
            state: bcplan.state.json
            assets:
              - {key: us, type: ad_account, id: "\(GeneratedBusinessCenter.ad1.id)"}
            members:
              - {email: ana@acme.example, role: admin, finance: manager}
              - {email: bo@acme.example, role: admin}
              - {email: late@acme.example, role: standard, assets: {us: analyst}}

            """
        try BinaryRunner.write(config, "bcplan.yaml", in: fixture.folder)
        // Invited on 1 October; on 21 November the invitation is past resend_after_days (30).
        let invited = try fixture.run(["apply", "--auto-approve"], environment: ["BCPLAN_NOW": "2026-10-01T09:00:00Z"])
        #expect(invited.status == 0, "\(invited.stdout)\(invited.stderr)")
        let planned = try fixture.run(["plan"])
        #expect(planned.stdout.contains("resend the invitation to late@acme.example"), "\(planned.stdout)")

        let process = try BinaryRunner.start(["apply", "--auto-approve"], in: fixture.folder, label: "killed", environment: fixture.environment)
        #expect(fixture.fake!.waitUntilHolding(timeout: 60), "the cancellation never came")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        fixture.fake!.releaseHeldWrite()
        #expect(!fixture.fake!.snapshot.members.contains { $0.normalizedEmail == "late@acme.example" }, "cancelled, not yet invited again")

        let after = try fixture.run(["plan"])
        #expect(after.stdout.contains("+ invite late@acme.example"), "\(after.stdout)\(after.stderr)")
        let finished = try fixture.run(["apply", "--auto-approve"])
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        let late = try #require(fixture.fake!.snapshot.members.first { $0.normalizedEmail == "late@acme.example" })
        #expect(late.status == .pending && late.assets.map(\.id) == [GeneratedBusinessCenter.ad1.id])
        let counters = fixture.fake!.counters
        #expect(counters.byEndpoint["POST /bc/member/delete/"] == 1)
        #expect(counters.invitations["late@acme.example"] == 2, "the first invitation and the one after the kill")
        #expect(try fixture.run(["plan", "--detailed-exitcode"]).status == 0)
    }

    /// Without a kill: one cancellation, one invitation, and the state counts the resend.
    @Test func aResendIsACancellationThenAnInvitation() throws {
        var seed = GeneratedBusinessCenter.seed
        seed.members = seed.members.filter { $0.role == .admin }
        seed.partners = []
        let fixture = try BackendFixture(.fake, seed: seed)
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "\(GeneratedBusinessCenter.id)", name: Acme}
            \(fixture.providerLine())
            state: bcplan.state.json
            members:
              - {email: ana@acme.example, role: admin, finance: manager}
              - {email: bo@acme.example, role: admin}
              - {email: Late@acme.example, role: standard}

            """, "bcplan.yaml", in: fixture.folder)
        #expect(try fixture.run(["apply", "--auto-approve"], environment: ["BCPLAN_NOW": "2026-10-01T09:00:00Z"]).status == 0)
        let resent = try fixture.run(["apply", "--auto-approve"])
        #expect(resent.status == 0, "\(resent.stdout)\(resent.stderr)")
        #expect(resent.stdout.contains("Apply complete: 1 done"), "\(resent.stdout)")
        let counters = fixture.fake!.counters
        #expect(counters.byEndpoint["POST /bc/member/delete/"] == 1)
        #expect(counters.byEndpoint["POST /bc/member/invite/"] == 2)
        let state = try JSONParser.parse(Array(try Data(contentsOf: fixture.folder.appendingPathComponent("bcplan.state.json"))))
        let late = state["members"]?.arrayValue?.first { $0["email"]?.stringValue == "Late@acme.example" }
        #expect(late?["resends"]?.intValue == 1 && late?["invited_at"]?.stringValue == "2026-11-21T09:00:00Z", "\(String(describing: late))")
    }

    /// 40132, 61000, 60001, 51010 and 50002 are retried like 40100; the reads then succeed.
    @Test func quotaMaintenanceAndTimeoutCodesAreRetried() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.hundredAdmins) { $0.scriptedCodes = [40132, 61000, 60001, 51010, 50002] }
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let planned = try fixture.run(["plan", "--detailed-exitcode"])
        #expect(planned.status == 0, "\(planned.stdout)\(planned.stderr)")
        #expect(planned.stdout.contains("No changes."))
    }

    /// 40102, 40104, 40105 and 40106 name the variable and say why; never retried.
    @Test(arguments: [(40102, "expired"), (40104, "empty"), (40105, "invalid or revoked"), (40106, "its user is not a valid TikTok user")])
    func aRefusedTokenIsNamedWithTheReason(_ code: Int, _ why: String) throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.hundredAdmins) { $0.scriptedCodes = [code] }
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let planned = try fixture.run(["plan"])
        #expect(planned.status == 1)
        #expect(planned.stderr == "error: the TikTok API rejected the access token in \(ProviderBackend.tokenVariable) (\(why); code \(code): Scripted answer \(code).); create a new one in TikTok's developer portal\n")
        #expect(fixture.fake!.counters.requests == 1)
    }

    /// A token whose user is a standard member reads, but no plan with changes is offered and
    /// nothing is applied: one sentence, exit 1, no write sent.
    @Test func aStandardMembersTokenCannotPlanChanges() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.hundredAdmins) { $0.tokenUserRole = "STANDARD" }
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        #expect(try fixture.run(["plan", "--detailed-exitcode"]).status == 0, "no changes: reading is enough")
        #expect(try fixture.run(["refresh"]).status == 0)
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine(), extraMember: "new@acme.example"),
                               "bcplan.yaml", in: fixture.folder)
        let sentence = "error: the access token in \(ProviderBackend.tokenVariable) belongs to a standard member of Business Center \(GeneratedBusinessCenter.id), and only an admin can change members, partners and shares: use an admin's token"
        let planned = try fixture.run(["plan"])
        #expect(planned.status == 1)
        #expect(planned.stdout.isEmpty)
        #expect(planned.stderr == sentence + "\n")
        let applied = try fixture.run(["apply", "--auto-approve"])
        #expect(applied.status == 1)
        #expect(applied.stderr == sentence + "; nothing was applied\n")
        #expect(fixture.fake!.counters.byEndpoint.keys.allSatisfy { $0.hasPrefix("GET ") })
    }
}

extension GeneratedBusinessCenter {
    /// Two admins, nothing else.
    static var hundredAdmins: Snapshot {
        Snapshot(businessCenter: BusinessCenterInfo(id: id, name: "Acme"), members: seed.members.filter { $0.role == .admin })
    }

    /// The config of `hundredAdmins`, plus one member to invite when `extraMember` is given.
    static func adminsConfig(_ providerLine: String, extraMember: String? = nil) -> String {
        """
        version: 1
        business_center: {id: "\(id)", name: Acme}
        \(providerLine)
        state: bcplan.state.json
        members:
          - {email: ana@acme.example, role: admin, finance: manager}
          - {email: bo@acme.example, role: admin}
        \(extraMember.map { "  - {email: \($0), role: standard}\n" } ?? "")
        """
    }
}
