@testable import BCPlanCore
import Foundation
import Testing

@Suite struct TextPlanRendererTests {
    static let folder = Fixtures.root.appendingPathComponent("renderers")

    @Test func samplePlanMatchesGolden() {
        Golden.check(TextPlanRenderer(color: false).render(PlanFixtures.sample),
                     against: Self.folder.appendingPathComponent("sample.txt"))
    }

    @Test func samplePlanInColourMatchesGolden() {
        Golden.check(TextPlanRenderer(color: true).render(PlanFixtures.sample),
                     against: Self.folder.appendingPathComponent("sample-color.txt"))
    }

    @Test func noEscapeByteWithoutColour() {
        var plan = PlanFixtures.sample
        // Even a name or a message holding an escape sequence must not reach the terminal as one.
        plan.actions[0] = PlanAction(
            .addPartner(partner: "7000000000000000099", name: "Evil\u{1B}[2J Agency\u{9B}31m", mediaAgency: false), reason: "test")
        plan.diagnostics.append(Diagnostic(.warning, "bad \u{1B}]0;title\u{07} message"))
        let text = TextPlanRenderer(color: false).render(plan)
        #expect(!text.unicodeScalars.contains("\u{1B}"))
        #expect(!text.unicodeScalars.contains("\u{9B}"))
        #expect(text.contains("add partner Evil\\u{1B}[2J Agency\\u{9B}31m (7000000000000000099)"))
    }

    @Test func colourUsesAnsiCodes() {
        let text = TextPlanRenderer(color: true).render(PlanFixtures.sample)
        #expect(text.contains("\u{1B}[32m+\u{1B}[0m add partner Blue Agency"))
        #expect(text.contains("\u{1B}[31m-\u{1B}[0m revoke jack@acme.example") == false)
        #expect(text.contains("\u{1B}[31m-\u{1B}[0m revoke the pending invitation of jack@acme.example"))
        #expect(text.contains("\u{1B}[33m~\u{1B}[0m update role of erin@acme.example"))
        #expect(text.contains("bcplan.yaml:8:3: \u{1B}[31merror\u{1B}[0m: policy.max_admins"))
        #expect(text.contains("bcplan.yaml:45:9: \u{1B}[33mwarning\u{1B}[0m: partner Blue Agency"))
        #expect(text.contains("\u{1B}[1mPlan: "))
    }

    @Test func emptyPlanSaysNoChanges() {
        #expect(TextPlanRenderer(color: false).render(PlanFixtures.empty)
            == "No changes. The Business Center matches the configuration.\n")
    }

    @Test func errorsEndWithARefusal() {
        let text = TextPlanRenderer(color: false).render(PlanFixtures.sample)
        #expect(text.hasSuffix(PlanFixtures.sample.summaryLine + "\nThe plan has errors and cannot be applied.\n"))
        var clean = PlanFixtures.sample
        clean.diagnostics.removeAll { $0.severity == .error }
        #expect(!TextPlanRenderer(color: false).render(clean).contains("cannot be applied"))
    }

    static let headlines: [(String, String, String)] = [
        ("add_partner:7000000000000000099", "+",
         "add partner Blue Agency (7000000000000000099) as a media agency"),
        ("transfer:ad_account:7100000000000000003", "→",
         "transfer us-promo (ad_account 7100000000000000003) from 7000000000000000555 to this Business Center"),
        ("request_access:ad_account:7100000000000000009", "+",
         "request operator access to client-us (ad_account 7100000000000000009) from 7000000000000000555"),
        ("invite:carla@acme.example", "+",
         "invite carla@acme.example as standard, with analyst on ad_account 7100000000000000001"),
        ("resend:dana@acme.example", "↻", "resend the invitation to dana@acme.example (2nd resend)"),
        ("update_role:erin@acme.example", "~",
         "update role of erin@acme.example: standard → admin, finance none → manager"),
        ("assign:frank_ops@acme.example:ad_account:7100000000000000001", "+",
         "assign us-main (ad_account 7100000000000000001) to frank_ops@acme.example: operator"),
        ("assign:gina@acme.example:ad_account:7100000000000000002", "~",
         "assign eu-main (ad_account 7100000000000000002) to gina@acme.example: analyst → operator"),
        ("share:7000000000000000099:ad_account:7100000000000000001", "~",
         "share us-main (ad_account 7100000000000000001) with partner 7000000000000000099: analyst → operator"),
        ("share:7000000000000000099:tiktok_account:6900000000000000001", "+",
         "share brand_tt (tiktok_account 6900000000000000001) with partner 7000000000000000099: [live, post]"),
        ("update_role:ben@acme.example", "~",
         "update role of ben@acme.example: admin → standard, finance manager → none"),
        ("unassign:hank@acme.example:ad_account:7100000000000000002", "-",
         "unassign eu-main (ad_account 7100000000000000002) from hank@acme.example: admin"),
        ("unshare:7000000000000000088:pixel:C9ABCDEF0123456789", "-",
         "unshare pixel C9ABCDEF0123456789 from partner 7000000000000000088: use"),
        ("revoke:ivan_petrov@acme.example", "-", "revoke ivan_petrov@acme.example (standard, finance analyst)"),
        ("revoke:jack@acme.example", "-", "revoke the pending invitation of jack@acme.example (standard)"),
        ("remove_partner:7000000000000000077", "-",
         "remove partner Old Media <Ltd> | *legacy* (7000000000000000077)"),
    ]

    @Test(arguments: headlines)
    func headlineNamesWhatHappens(_ id: String, _ symbol: String, _ text: String) throws {
        let action = try #require(PlanFixtures.sample.actions.first { $0.id == id })
        let headline = ActionHeadline(action, businessCenterID: PlanFixtures.acme.id)
        #expect(headline.symbol == symbol)
        #expect(headline.text == text)
    }

    @Test func everyKindHasAHeadlineInTheSample() {
        #expect(Set(PlanFixtures.sample.actions.map(\.kind)) == Set(ActionKind.allCases))
        #expect(Self.headlines.count == PlanFixtures.sample.actions.count)
    }

    @Test(arguments: [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
                      (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")])
    func ordinals(_ number: Int, _ text: String) {
        #expect(ActionHeadline.ordinal(number) == text)
    }
}
