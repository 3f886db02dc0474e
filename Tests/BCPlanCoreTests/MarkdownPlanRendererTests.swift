@testable import BCPlanCore
import Foundation
import Testing

@Suite struct MarkdownPlanRendererTests {
    static let folder = Fixtures.root.appendingPathComponent("renderers")

    @Test func samplePlanMatchesGolden() {
        Golden.check(MarkdownPlanRenderer().render(PlanFixtures.sample),
                     against: Self.folder.appendingPathComponent("sample.md"))
    }

    /// The sample under a small budget: the detail lines go first, then actions from the list of all.
    @Test func shortenedSampleMatchesGolden() {
        let text = MarkdownPlanRenderer(budget: 3_500).render(PlanFixtures.sample)
        #expect(text.count <= 3_500)
        Golden.check(text, against: Self.folder.appendingPathComponent("sample-budget.md"))
    }

    @Test func emptyPlanSaysNoChanges() {
        #expect(MarkdownPlanRenderer().render(PlanFixtures.empty) == """
            ### bcplan plan — Acme Retail (7000000000000000001)

            **No changes. The Business Center matches the configuration.**

            """)
    }

    @Test func userStringsAreEscaped() {
        let text = MarkdownPlanRenderer().render(PlanFixtures.sample)
        #expect(text.contains("remove partner Old Media \\<Ltd\\> \\| \\*legacy\\* (7000000000000000077)"))
        #expect(text.contains("revoke ivan\\_petrov@acme.example"))
        #expect(!text.contains("<Ltd>"))
    }

    @Test func codeSpansHoldBackticks() {
        #expect(MarkdownPlanRenderer.code("a`b") == "``a`b``")
        #expect(MarkdownPlanRenderer.code("`x") == "`` `x ``")
        #expect(MarkdownPlanRenderer.code("plain") == "`plain`")
    }

    @Test func fullPlanIsNotShortened() {
        let text = MarkdownPlanRenderer().render(PlanFixtures.sample)
        #expect(!text.contains("more action"))
        #expect(text.contains("  - reason: "))
    }

    /// 2,000 removals and 3,000 escalations with long reasons: the comment fits in 60,000 characters,
    /// lists every removal (in the short form: the full one would not fit), and every count stays exact.
    @Test func largePlanStaysWithinBudgetAndKeepsEveryRemoval() {
        let plan = PlanFixtures.large(revokes: 1_800, unassigns: 200, grants: 3_000)
        let text = MarkdownPlanRenderer().render(plan)
        #expect(text.count <= 60_000)
        #expect(text.contains("**Plan: 1800 to revoke, 3000 to assign, 200 to unassign.**"))
        #expect(text.contains("| `revoke` | 1800 |"))
        #expect(text.contains("| `assign` | 3000 |"))
        #expect(text.contains("| `unassign` | 200 |"))
        #expect(text.contains("#### Privilege escalations (3000)"))
        #expect(text.contains("#### Removals (2000)"))
        #expect(text.contains("<details><summary>All 5000 actions</summary>"))
        let lines = Set(text.split(separator: "\n").map(String.init))
        for action in plan.actions where action.privilege == .reduce {
            let member = action.member ?? "?"
            let line = action.kind == .revoke
                ? "- `revoke` \(member)"
                : "- `unassign` \(member), us-main (ad_account 7100000000000000001)"
            #expect(lines.contains(line), "missing removal \(action.id)")
        }
        // Escalations shown plus those said to be left out make exactly 3,000.
        let shown = text.split(separator: "\n").filter { $0.hasPrefix("- `+` assign ") }.count
        #expect(shown > 0)
        #expect(text.contains("- … and \(3_000 - shown) more actions: see the JSON plan (`bcplan plan --format json`)."))
        #expect(text.contains("- 5000 actions not shown: see the JSON plan (`bcplan plan --format json`)."))
        #expect(!text.contains("<!-- bcplan:"))
    }

    /// Removals that fit in full are listed in full; escalations and details give way.
    @Test func removalsStayInFullWhenTheyFit() {
        let plan = PlanFixtures.large(revokes: 500, grants: 3_000)
        let text = MarkdownPlanRenderer().render(plan)
        #expect(text.count <= 60_000)
        for index in 0..<500 {
            #expect(text.contains("- `-` revoke r\(index)@x.io (standard)\n"))
        }
        #expect(text.contains("#### Privilege escalations (3000)"))
        #expect(text.contains("- `+` assign us-main (ad_account 7100000000000000001) to g0@x.io: operator\n"))
    }

    /// When even one short line per removal is too long, every removal is still listed and a comment
    /// says the budget was exceeded.
    @Test func removalsAreNeverDropped() {
        let plan = PlanFixtures.large(revokes: 3_000, grants: 100, emailDomain: "a-rather-long-domain.example")
        let text = MarkdownPlanRenderer().render(plan)
        #expect(text.count > 60_000)
        #expect(text.contains("#### Removals (3000)"))
        for index in 0..<3_000 {
            #expect(text.contains("- `revoke` r\(index)@a-rather-long-domain.example\n"))
        }
        #expect(text.hasSuffix("<!-- bcplan: all 3000 removals are listed although they exceed the budget of "
            + "60000 characters for this comment. -->\n"))
        // Everything else gave way entirely before the removals did.
        #expect(text.contains("- 100 actions not shown: see the JSON plan"))
    }

    @Test(arguments: [800, 1_000, 2_000, 5_000, 20_000])
    func smallBudgetsAreRespected(_ budget: Int) {
        let plan = PlanFixtures.large(revokes: 3, grants: 400)
        let text = MarkdownPlanRenderer(budget: budget).render(plan)
        #expect(text.count <= budget)
        #expect(text.contains("#### Removals (3)"))
        for index in 0..<3 { #expect(text.contains("r\(index)@x.io")) }
    }

    @Test func renderingIsDeterministic() {
        let plan = PlanFixtures.sample
        #expect(MarkdownPlanRenderer().render(plan) == MarkdownPlanRenderer().render(plan))
        #expect(MarkdownPlanRenderer(budget: 2_000).render(plan) == MarkdownPlanRenderer(budget: 2_000).render(plan))
    }
}
