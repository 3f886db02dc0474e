@testable import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// `acknowledge:` as the decoder reads it, and the warning codes it may name.
@Suite struct AcknowledgementTests {
    static let head = """
        version: 1
        business_center: {id: "7000000000000000001"}
        assets:
          - {key: us, type: ad_account, id: "7100000000000000001"}
        members:
          - {email: ana@acme.example, role: admin}
          - {email: bo@acme.example, role: admin}

        """

    @Test func entriesAreDecodedWithTheirSubjectAndPlace() throws {
        let loaded = ConfigLoader.decode(bytes: Array((Self.head + """
            acknowledge:
              - {warning: partner_admin, partner: "7000000000000000099", asset: us, reason: agency runs it}
              - warning: invitation_unanswered
                member: Ana@Acme.example
                reason: on leave
              - {warning: few_active_admins, reason: "two more are invited"}

            """).utf8), path: "bcplan.yaml")
        let config = try #require(loaded.config, "\(loaded.diagnostics)")
        #expect(config.acknowledgements.map(\.description) == [
            "partner_admin (partner 7000000000000000099, asset us)", "invitation_unanswered (member ana@acme.example)",
            "few_active_admins",
        ])
        #expect(config.acknowledgements.map { "\($0.location)" } == ["bcplan.yaml:9:5", "bcplan.yaml:10:5", "bcplan.yaml:13:5"])
        #expect(config.acknowledgements.map(\.reason) == ["agency runs it", "on leave", "two more are invited"])
    }

    @Test func aWrongEntryIsAnErrorAtItsValue() {
        let loaded = ConfigLoader.decode(bytes: Array((Self.head + """
            acknowledge:
              - {warning: partner_admins, partner: 7000000000000000099, asset: eu, member: nobody, reason: " "}
              - {asset: us}

            """).utf8), path: "bcplan.yaml")
        #expect(loaded.config == nil)
        #expect(loaded.diagnostics.sortedForDisplay().map(\.description) == [
            "bcplan.yaml:9:15: error: 'partner_admins' is not a valid warning code (did you mean 'partner_admin'?); expected one of: \(PlanMessage.warningCodes.joined(separator: ", "))",
            "bcplan.yaml:9:40: error: partner bc_id 7000000000000000099 is written as a number; quote it: \"7000000000000000099\" (ids are strings, and 19-digit numbers lose digits in many tools)",
            "bcplan.yaml:9:68: error: no asset with key 'eu' is declared under assets (did you mean 'us'?)",
            "bcplan.yaml:9:80: error: 'nobody' is not a valid e-mail address",
            "bcplan.yaml:9:96: error: ' ' is not a valid reason: expected a reason that is not empty",
            "bcplan.yaml:10:5: error: missing required key 'reason' in acknowledgement",
            "bcplan.yaml:10:5: error: missing required key 'warning' in acknowledgement",
        ])
    }

    /// Every code `acknowledge:` accepts is a warning's, and a stale acknowledgement is not one of them.
    @Test func theAcknowledgeableCodesAreTheWarnings() {
        let warnings: [PlanMessage] = [
            .transferPlanned(key: "k", asset: "a", owner: "o"), .ownerMismatch(key: "k", asset: "a", owner: "o", declared: "d"),
            .foreignAsset(key: "k", asset: "a", owner: "o"), .invitationUnanswered(member: "m", resends: 1, lastSent: "d"),
            .partnerGetsAdmin(partner: "p", name: nil, key: "k"), .fewActiveAdmins(activeAdmins: 1, minimum: 2, pendingInvitations: 0),
            .expiresSoon(what: "w", on: "d", days: 1, removal: "r"),
        ]
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.map(\.code) == PlanMessage.warningCodes)
        #expect(PlanMessage.acknowledgementStale(entry: "x").severity == .warning)
        #expect(!PlanMessage.warningCodes.contains(PlanMessage.acknowledgementStale(entry: "x").code))
    }

    @Test func anEntryMatchesItsCodeAndEverySubjectFieldItGives() {
        let location = SourceLocation(file: "bcplan.yaml", line: 1, column: 1)
        let entry = Acknowledgement(warning: "partner_admin", subject: WarningSubject(partner: "7"), reason: "r", location: location)
        #expect(entry.matches(code: "partner_admin", about: WarningSubject(partner: "7", asset: "us")))
        #expect(!entry.matches(code: "partner_admin", about: WarningSubject(partner: "8", asset: "us")))
        #expect(!entry.matches(code: "foreign_asset", about: WarningSubject(partner: "7")))
        let narrow = Acknowledgement(warning: "partner_admin", subject: WarningSubject(partner: "7", asset: "eu"), reason: "r", location: location)
        #expect(!narrow.matches(code: "partner_admin", about: WarningSubject(partner: "7", asset: "us")))
    }
}
