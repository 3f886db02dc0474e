import BCPlanYAML
import Foundation
import Testing

/// The GitHub Actions workflow of `examples/gitops`: it parses, and it has the shape the page
/// describes (plan and one updated comment on pull requests; after merge, plan with saved plans,
/// then apply them behind a protected environment).
@Suite struct GitOpsWorkflowTests {
    static let example = ConfigSchemaTests.repositoryRoot.appendingPathComponent("examples/gitops")

    private func load(_ path: String) throws -> YAMLNode {
        let url = Self.example.appendingPathComponent(path)
        let bytes = [UInt8](try Data(contentsOf: url))
        return try #require(try YAMLParser.parse(bytes, file: path))
    }

    private func steps(_ job: YAMLNode) -> [YAMLNode] { job["steps"]?.items ?? [] }

    private func runs(_ job: YAMLNode) -> [String] { steps(job).compactMap { $0["run"]?.scalarValue } }

    private func uses(_ job: YAMLNode) -> [String] { steps(job).compactMap { $0["uses"]?.scalarValue } }

    @Test func triggersArePullRequestsAndPushesToMainThatTouchTheConfigs() throws {
        let workflow = try load(".github/workflows/bcplan.yml")
        let on = try #require(workflow["on"])
        #expect(on.keys == ["pull_request", "push", "workflow_dispatch"])
        #expect(on["push"]?["branches"]?.items.compactMap(\.scalarValue) == ["main"])
        for trigger in ["pull_request", "push"] {
            #expect(on[trigger]?["paths"]?.items.compactMap(\.scalarValue).contains("business-centers/**") == true, "\(trigger)")
        }
        #expect(workflow["permissions"]?["contents"]?.scalarValue == "read", "the default token only reads")
        #expect(workflow["concurrency"]?["group"] != nil)
        let configs = try #require(workflow["env"]?["BCPLAN_CONFIGS"]?.scalarValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.example.appendingPathComponent(configs).path)
        #expect(names.filter { $0.hasSuffix(".yaml") }.count >= 2, "the folder the workflow plans holds the configs")
        #expect(workflow["jobs"]?.keys == ["plan", "plan-main", "apply"])
    }

    @Test func pullRequestsGetThePlanAsOneCommentUpdatedInPlace() throws {
        let job = try #require(try load(".github/workflows/bcplan.yml")["jobs"]?["plan"])
        #expect(job["if"]?.scalarValue == "github.event_name == 'pull_request'")
        #expect(job["permissions"]?["pull-requests"]?.scalarValue == "write")
        #expect(job["environment"] == nil, "planning needs no approval")
        #expect(runs(job).contains { $0.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --format markdown --detailed-exitcode $refresh > plan.md"#) })
        let comment = try #require(steps(job).first { $0["uses"]?.scalarValue?.hasPrefix("actions/github-script@") == true })
        #expect(comment["if"]?.scalarValue?.contains("always()") == true, "a failed plan is posted too")
        let script = try #require(comment["with"]?["script"]?.scalarValue)
        for needle in ["<!-- bcplan-plan -->", "plan.md", "listComments", "updateComment", "createComment", "c.body.startsWith(marker)"] {
            #expect(script.contains(needle), "the comment step lacks \(needle)")
        }
        // The job fails on exit 1 only after the comment is posted.
        let last = try #require(steps(job).last)
        #expect(last["if"]?.scalarValue == "steps.plan.outputs.exitcode != '0' && steps.plan.outputs.exitcode != '2'")
    }

    /// A pull request edits the configs, so only one from this repository plans with the token;
    /// any other plans from the recorded state, without it (DESIGN §3, "Where the token may go").
    @Test func onlyPullRequestsFromThisRepositoryGetTheToken() throws {
        let job = try #require(try load(".github/workflows/bcplan.yml")["jobs"]?["plan"])
        let step = try #require(steps(job).first { $0["id"]?.scalarValue == "plan" })
        let sameRepository = "github.event.pull_request.head.repo.full_name == github.repository"
        #expect(step["env"]?["SAME_REPOSITORY"]?.scalarValue == "${{ \(sameRepository) }}")
        #expect(step["env"]?["BCPLAN_TIKTOK_TOKEN"]?.scalarValue == "${{ \(sameRepository) && secrets.BCPLAN_TIKTOK_TOKEN || '' }}")
        let script = try #require(step["run"]?.scalarValue)
        #expect(script.contains(#"if [ "$SAME_REPOSITORY" != "true" ]; then refresh="--no-refresh"; fi"#))
    }

    @Test func afterMergeSavedPlansAreAppliedBehindAProtectedEnvironment() throws {
        let jobs = try #require(try load(".github/workflows/bcplan.yml")["jobs"])
        let plan = try #require(jobs["plan-main"])
        #expect(plan["if"]?.scalarValue?.contains("github.event_name == 'push'") == true)
        #expect(runs(plan).contains { $0.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --out plans --detailed-exitcode"#) })
        #expect(plan["outputs"]?.keys == ["changes", "commit"])
        let upload = try #require(steps(plan).first { $0["uses"]?.scalarValue?.hasPrefix("actions/upload-artifact@") == true })

        let apply = try #require(jobs["apply"])
        #expect(apply["needs"]?.scalarValue == "plan-main")
        #expect(apply["if"]?.scalarValue == "needs.plan-main.outputs.changes == 'true'")
        #expect(apply["environment"]?.scalarValue == "business-center")
        #expect(apply["permissions"]?["contents"]?.scalarValue == "write")
        let download = try #require(steps(apply).first { $0["uses"]?.scalarValue?.hasPrefix("actions/download-artifact@") == true })
        #expect(download["with"]?["name"]?.scalarValue == upload["with"]?["name"]?.scalarValue)
        #expect(download["with"]?["path"]?.scalarValue == "plans/")
        #expect(runs(apply).contains(#"bcplan apply plans -c "$BCPLAN_CONFIGS""#))
        #expect(!runs(apply).contains { $0.contains("--auto-approve") }, "only the reviewed plans are applied")
        let record = try #require(steps(apply).last)
        #expect(record["if"]?.scalarValue == "always()", "the state of a half-done apply is kept too")
        #expect(record["run"]?.scalarValue?.contains("git push origin HEAD:main") == true)
    }

    @Test func everyJobSetsUpBcplanBeforeRunningItAndPinsItsActions() throws {
        let jobs = try #require(try load(".github/workflows/bcplan.yml")["jobs"])
        for name in jobs.keys {
            let job = try #require(jobs[name])
            let all = steps(job)
            let setup = try #require(all.firstIndex { $0["uses"]?.scalarValue == "./.github/actions/setup-bcplan" }, "\(name)")
            let firstRun = all.firstIndex { $0["run"]?.scalarValue?.contains("bcplan ") == true }
            #expect(firstRun.map { $0 > setup } == true, "\(name) runs bcplan before setting it up")
            for action in uses(job) where !action.hasPrefix("./") {
                #expect(action.range(of: #"^[a-z-]+/[a-z-]+@v\d+$"#, options: .regularExpression) != nil, "\(name): \(action)")
            }
        }
        let setup = try load(".github/actions/setup-bcplan/action.yml")
        #expect(setup["runs"]?["using"]?.scalarValue == "composite")
        #expect(setup["inputs"]?.keys == ["repository", "ref"])
        #expect(setup["inputs"]?["ref"]?["required"]?.scalarValue == "true")
    }
}

private extension YAMLNode {
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first { $0.key.scalarValue == key }?.value
    }

    var keys: [String] {
        guard case .mapping(let pairs) = kind else { return [] }
        return pairs.compactMap(\.key.scalarValue)
    }

    var items: [YAMLNode] {
        guard case .sequence(let items) = kind else { return [] }
        return items
    }
}
