import Foundation
import Testing

/// The hand-over of `examples/gitops` with the real binary and the example's own check script, as
/// the workflow runs them (`GitOpsWorkflowTests` checks the workflow holds these commands): the
/// pull request's plans are checked against the merged configs and applied exactly; plans made
/// from other config contents, or against a state that moved, are refused with their causes.
@Suite struct GitOpsHandOverTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    private func checkPlans(_ plans: String, in folder: URL) throws -> (status: Int32, output: String, githubOutput: String) {
        let githubOutput = folder.appendingPathComponent("github-output")
        try Data().write(to: githubOutput)
        let outcome = try BinaryRunner.run(
            [".github/scripts/check_plans.py", plans, "business-centers"], in: folder,
            environment: ["GITHUB_OUTPUT": githubOutput.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return (outcome.status, outcome.stdout + outcome.stderr, try String(contentsOf: githubOutput, encoding: .utf8))
    }

    @Test func theReviewedPlansAreAppliedExactlyAndStaleOnesAreRefused() throws {
        let folder = try BinaryRunner.copyOfExample("gitops")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The pull request's check.
        let planned = try BinaryRunner.run(
            ["plan", "-c", "business-centers", "--format", "markdown", "--detailed-exitcode", "--out", "plans"], in: folder,
            environment: Self.now)
        #expect(planned.status == 2, "\(planned.stderr)")
        // After the merge: the configs are as planned.
        let checked = try checkPlans("plans", in: folder)
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.githubOutput == "changes=true\ncount=2\n")
        #expect(checked.output.contains("plans/northwind.plan.json: made from business-centers/northwind.yaml as it is now"))
        let shown = try BinaryRunner.run(["show", "plans/northwind.plan.json", "--format", "markdown"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("### bcplan plan — Northwind Outdoor"))
        // Another pull request planned at the same time, from the same state.
        let other = try BinaryRunner.run(["plan", "-c", "business-centers", "--out", "other-plans"], in: folder, environment: Self.now)
        #expect(other.status == 0, "\(other.stderr)")
        let applied = try BinaryRunner.run(["apply", "plans", "-c", "business-centers"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        // The second merge: its plans were made before the first apply moved the state.
        let second = try BinaryRunner.run(["apply", "other-plans", "-c", "business-centers"], in: folder, environment: Self.now)
        #expect(second.status == 1)
        #expect(second.stderr.contains("error: the saved plan other-plans/northwind.plan.json is stale; nothing was changed:\n  - "),
                "\(second.stderr)")
    }

    @Test func plansMadeFromOtherConfigContentsAreRefusedBeforeTheApproval() throws {
        let folder = try BinaryRunner.copyOfExample("gitops")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "-c", "business-centers", "--out", "plans"], in: folder, environment: Self.now).status == 0)
        // Main moved after the pull request was planned: a config changed and one was added.
        let config = folder.appendingPathComponent("business-centers/northwind.yaml")
        try (try String(contentsOf: config, encoding: .utf8) + "# edited on main\n").write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("business-centers/blueharbor.yaml"),
            to: folder.appendingPathComponent("business-centers/zephyr.yml"))
        let checked = try checkPlans("plans", in: folder)
        #expect(checked.status == 1)
        #expect(checked.githubOutput == "changes=false\ncount=2\n")
        #expect(checked.output.contains("The saved plans are stale; nothing is applied:\n"))
        #expect(checked.output.contains("  - business-centers/zephyr.yml has no saved plan (it was added or renamed after the pull request was planned)\n"))
        #expect(checked.output.contains("  - business-centers/northwind.yaml changed since its plan was made: the plan was made from sha256 "))
        // bcplan apply checks each saved plan on its own: it refuses the stale one and applies the
        // other, which is why the pipeline checks the whole set first and applies it whole or not at all.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("business-centers/zephyr.yml"))
        let applied = try BinaryRunner.run(["apply", "plans", "-c", "business-centers"], in: folder, environment: Self.now)
        #expect(applied.status == 1)
        #expect(applied.stderr.contains("error: the saved plan plans/northwind.plan.json is stale; nothing was changed:\n  - "),
                "\(applied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("business-centers/northwind.state.json").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("business-centers/blueharbor.state.json").path))
    }
}
