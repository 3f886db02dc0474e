import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// The GitHub Actions workflow of `examples/gitops`: it parses, and it has the shape the page
/// describes. Pull requests are planned by a required check with no `paths:` filter that passes at
/// once when no config changed; the plans are saved as an artifact named by the head commit; after
/// the merge exactly those plans are fetched, checked against the merged configs, shown to the
/// approver and applied behind a protected environment; the state and audit log (only they) are
/// committed; the result goes back on the pull request; a schedule looks for drift.
///
/// The steps whose scripts can run here (which files changed, what is staged) are run, in a
/// scratch git repository, exactly as the workflow holds them.
@Suite struct GitOpsWorkflowTests {
    static let example = ConfigSchemaTests.repositoryRoot.appendingPathComponent("examples/gitops")
    static let workflowPath = ".github/workflows/bcplan.yml"

    /// The actions the example uses and the commit each is pinned to: the commit the release tag
    /// names in the action's own repository (github.com/actions/<name>, `git show-ref --tags`);
    /// each is the head of its major version (`v4`, `v7`) when pinned.
    static let pins: [String: (tag: String, commit: String)] = [
        "actions/checkout": ("v4.4.0", "11d5960a326750d5838078e36cf38b85af677262"),
        "actions/upload-artifact": ("v4.6.2", "ea165f8d65b6e75b540449e92b4886f43607fa02"),
        "actions/download-artifact": ("v4.3.0", "d3f86a106a0bac45b974a628896c90dbdf5c8093"),
        "actions/github-script": ("v7.1.0", "f28e40c7f34bde8b3046d885e986cb6290c5673b"),
        "actions/cache": ("v4.3.0", "0057852bfaa89a56745cba8c7296529d2fc39830"),
    ]

    private func load(_ path: String) throws -> YAMLNode {
        let url = Self.example.appendingPathComponent(path)
        let bytes = [UInt8](try Data(contentsOf: url))
        return try #require(try YAMLParser.parse(bytes, file: path))
    }

    private func jobs() throws -> YAMLNode { try #require(try load(Self.workflowPath)["jobs"]) }

    private func steps(_ job: YAMLNode) -> [YAMLNode] { job["steps"]?.items ?? [] }

    private func runs(_ job: YAMLNode) -> [String] { steps(job).compactMap { $0["run"]?.scalarValue } }

    private func step(_ job: YAMLNode, named name: String) throws -> YAMLNode {
        try #require(steps(job).first { $0["name"]?.scalarValue == name }, "no step '\(name)'")
    }

    private func step(_ job: YAMLNode, using action: String) throws -> YAMLNode {
        try #require(steps(job).first { $0["uses"]?.scalarValue?.hasPrefix(action + "@") == true }, "no step uses \(action)")
    }

    @Test func theRequiredCheckRunsOnEveryPullRequestAndAScheduleLooksForDrift() throws {
        let workflow = try load(Self.workflowPath)
        let on = try #require(workflow["on"])
        #expect(on.keys == ["pull_request", "push", "schedule", "workflow_dispatch"])
        // GitHub leaves a required check with a paths: filter pending forever on other pull requests.
        let pullRequest = try #require(on["pull_request"])
        for filter in ["paths", "paths-ignore", "branches", "branches-ignore", "types"] {
            #expect(pullRequest[filter] == nil, "pull_request has a \(filter) filter")
        }
        #expect(on["push"]?["branches"]?.items.compactMap(\.scalarValue) == ["main"])
        let cron = try #require(on["schedule"]?.items.first?["cron"]?.scalarValue)
        #expect(cron.split(separator: " ").count == 5, "a cron line has five fields: \(cron)")
        #expect(workflow["permissions"]?["contents"]?.scalarValue == "read", "the default token only reads")
        let group = try #require(workflow["concurrency"]?["group"]?.scalarValue)
        #expect(group.contains("'drift'"), "the drift check never replaces a waiting apply")
        let configs = try #require(workflow["env"]?["BCPLAN_CONFIGS"]?.scalarValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.example.appendingPathComponent(configs).path)
        #expect(names.filter { $0.hasSuffix(".yaml") }.count >= 2, "the folder the workflow plans holds the configs")
        let jobs = try jobs()
        #expect(jobs.keys == ["plan", "fetch-plans", "apply", "drift"])
        #expect(jobs["plan"]?["if"]?.scalarValue == "github.event_name == 'pull_request'")
        #expect(jobs["fetch-plans"]?["if"]?.scalarValue == "github.event_name == 'push'")
        #expect(jobs["drift"]?["if"]?.scalarValue == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'")
    }

    /// Every action outside the repository is pinned to the full commit of the release its comment
    /// names, in the workflow and in the setup action it calls.
    @Test func everyActionIsPinnedByCommit() throws {
        var used: Set<String> = []
        for path in [Self.workflowPath, ".github/actions/setup-bcplan/action.yml"] {
            let text = try String(contentsOf: Self.example.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("uses: ") {
                let use = line.split(separator: "uses: ", maxSplits: 1)[1]
                if use.hasPrefix("./") { continue }
                let parts = use.split(separator: " ")
                let reference = parts[0].split(separator: "@")
                let name = String(reference[0])
                let pin = try #require(Self.pins[name], "\(path): \(name) is not a known action")
                #expect(reference.count == 2 && reference[1] == pin.commit, "\(path): \(line) is not pinned to \(pin.commit)")
                #expect(parts.dropFirst().joined(separator: " ") == "# \(pin.tag)", "\(path): \(line) does not name its release")
                used.insert(name)
            }
        }
        #expect(used == Set(Self.pins.keys), "every pin in the table is used: \(used.sorted())")
    }

    @Test func everyJobSetsUpBcplanBeforeRunningIt() throws {
        let jobs = try jobs()
        for name in jobs.keys {
            let all = steps(try #require(jobs[name]))
            guard let firstRun = all.firstIndex(where: { $0["run"]?.scalarValue?.contains("bcplan ") == true }) else { continue }
            let setup = try #require(all.firstIndex { $0["uses"]?.scalarValue == "./.github/actions/setup-bcplan" }, "\(name)")
            #expect(setup < firstRun, "\(name) runs bcplan before setting it up")
        }
        let setup = try load(".github/actions/setup-bcplan/action.yml")
        #expect(setup["runs"]?["using"]?.scalarValue == "composite")
    }

    @Test func pullRequestsAreAnsweredAtOnceWhenNoConfigChanged() throws {
        let job = try #require(try jobs()["plan"])
        #expect(job["permissions"]?["pull-requests"]?.scalarValue == "write")
        #expect(job["environment"] == nil, "planning needs no approval")
        let changes = try step(job, named: "Did a config change?")
        #expect(changes["env"]?["BASE"]?.scalarValue == "${{ github.event.pull_request.base.sha }}")
        #expect(try step(job, using: "actions/checkout")["with"]?["fetch-depth"]?.scalarValue == "0")
        // Every step after it that plans, saves or posts waits for its answer or for the plan's.
        let after = steps(job).drop { $0["id"]?.scalarValue != "changes" }.dropFirst()
        for later in after {
            let condition = later["if"]?.scalarValue ?? ""
            #expect(condition.contains("steps.changes.outputs.configs == 'true'") || condition.contains("steps.plan.outputs.exitcode"),
                    "'\(later["name"]?.scalarValue ?? later["uses"]?.scalarValue ?? "?")' runs whether a config changed or not")
        }
        // Run the step's script as the workflow holds it, on a config change and on another change.
        let script = try #require(changes["run"]?.scalarValue)
        #expect(try ScratchRepository.changesStep(script, changing: "business-centers/northwind.yaml") == "configs=true\n")
        #expect(try ScratchRepository.changesStep(script, changing: "README.md") == "configs=false\n")
    }

    @Test func thePlansAreSavedAsAnArtifactNamedByTheHeadCommit() throws {
        let job = try #require(try jobs()["plan"])
        let plan = try step(job, named: "Plan every Business Center and save the plans")
        #expect(plan["run"]?.scalarValue?.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --format markdown --detailed-exitcode --out plans > plan.md"#) == true)
        let upload = try step(job, using: "actions/upload-artifact")
        #expect(upload["with"]?["name"]?.scalarValue == "bcplan-plans-${{ github.event.pull_request.head.sha }}")
        #expect(upload["with"]?["path"]?.scalarValue == "plans/")
        #expect(upload["if"]?.scalarValue == "steps.plan.outputs.exitcode == '0' || steps.plan.outputs.exitcode == '2'",
                "only complete plans are saved")
        let comment = try step(job, using: "actions/github-script")
        #expect(comment["if"]?.scalarValue?.contains("always()") == true, "a failed plan is posted too")
        let script = try #require(comment["with"]?["script"]?.scalarValue)
        for needle in ["<!-- bcplan-plan -->", "plan.md", "listComments", "updateComment", "createComment", "c.body.startsWith(marker)", "bcplan-plans-${process.env.HEAD_SHA}"] {
            #expect(script.contains(needle), "the comment step lacks \(needle)")
        }
        // The job fails on exit 1 only after the comment is posted.
        #expect(steps(job).last?["if"]?.scalarValue?.contains("steps.plan.outputs.exitcode != '2'") == true)
    }

    /// After the merge: the merged pull request's artifact (by its head commit), checked against the
    /// merged configs, shown in the run summary the approver reads, handed to the apply job.
    @Test func afterTheMergeExactlyTheReviewedPlansAreFetchedCheckedAndShown() throws {
        let job = try #require(try jobs()["fetch-plans"])
        #expect(job["permissions"]?["actions"]?.scalarValue == "read", "to download another run's artifact")
        #expect(try step(job, using: "actions/checkout")["with"]?["ref"]?.scalarValue == "${{ github.ref_name }}",
                "the tip of main: the merged configs and the last recorded state")
        let find = try step(job, named: "Find the merged pull request and its saved plans")
        let script = try #require(find["with"]?["script"]?.scalarValue)
        for needle in [
            "listPullRequestsAssociatedWithCommit", "p.merged_at", "listFiles", "`bcplan-plans-${pull.head.sha}`",
            "listArtifactsForRepo", "a.workflow_run.head_sha === pull.head.sha", "getWorkflowRun",
            "run.path !== '.github/workflows/bcplan.yml'", "startsWith('.github/')", "core.setFailed",
        ] {
            #expect(script.contains(needle), "the find step lacks \(needle)")
        }
        let download = try step(job, using: "actions/download-artifact")
        #expect(download["with"]?["name"]?.scalarValue == "${{ steps.pull-request.outputs.artifact }}")
        #expect(download["with"]?["run-id"]?.scalarValue == "${{ steps.pull-request.outputs.run }}")
        #expect(download["with"]?["path"]?.scalarValue == "plans/")
        let check = try step(job, named: "Check they were made from the merged configs")
        #expect(check["run"]?.scalarValue?.contains(#"python3 .github/scripts/check_plans.py plans "$BCPLAN_CONFIGS""#) == true)
        #expect(FileManager.default.fileExists(atPath: Self.example.appendingPathComponent(".github/scripts/check_plans.py").path))
        let stale = try step(job, named: "Tell the pull request its plans are stale")
        #expect(stale["if"]?.scalarValue == "failure() && steps.check.outcome == 'failure'")
        let show = try step(job, named: "Show the plans to be approved")
        #expect(show["run"]?.scalarValue?.contains(#"bcplan show "$plan" --format markdown"#) == true)
        #expect(show["run"]?.scalarValue?.contains(#"} >> "$GITHUB_STEP_SUMMARY""#) == true)
        let keep = try step(job, using: "actions/upload-artifact")
        #expect(keep["with"]?["name"]?.scalarValue == "bcplan-plans-to-apply")
        #expect(job["outputs"]?["changes"]?.scalarValue == "${{ steps.check.outputs.changes }}")
    }

    @Test func theApprovedPlansAreAppliedAndTheResultPostedOnThePullRequest() throws {
        let job = try #require(try jobs()["apply"])
        #expect(job["needs"]?.scalarValue == "fetch-plans")
        #expect(job["if"]?.scalarValue == "needs.fetch-plans.outputs.changes == 'true'")
        #expect(job["environment"]?.scalarValue == "business-center")
        #expect(job["permissions"]?["contents"]?.scalarValue == "write")
        #expect(job["permissions"]?["pull-requests"]?.scalarValue == "write")
        #expect(try step(job, using: "actions/download-artifact")["with"]?["name"]?.scalarValue == "bcplan-plans-to-apply")
        let apply = try step(job, named: "Apply exactly the reviewed plans")
        #expect(apply["run"]?.scalarValue?.contains(#"bcplan apply plans -c "$BCPLAN_CONFIGS" > apply.txt 2> apply.err"#) == true)
        #expect(!runs(job).contains { $0.contains("--auto-approve") }, "only the reviewed plans are applied")
        #expect(!runs(job).contains { $0.contains("bcplan plan") }, "nothing is planned afresh after the review")
        let commit = try step(job, named: "Commit the state to main")
        #expect(commit["if"]?.scalarValue == "always() && steps.stage.outcome == 'success'", "the state of a half-done apply is kept too")
        #expect(commit["run"]?.scalarValue?.contains("git push origin HEAD:main") == true)
        #expect(commit["run"]?.scalarValue?.contains("git add") == false, "only the staging step stages")
        let post = try step(job, named: "Post the result on the pull request")
        #expect(post["env"]?["NUMBER"]?.scalarValue == "${{ needs.fetch-plans.outputs.pull-request }}")
        #expect(post["with"]?["script"]?.scalarValue?.contains("issues.createComment") == true)
        #expect(steps(job).last?["if"]?.scalarValue == "steps.apply.outputs.exitcode != '0'", "the job fails last, after recording and posting")
    }

    /// The staging step, run as the workflow holds it after an apply that left run files behind:
    /// only the recorded state, the audit log and the mock's store are staged.
    @Test func onlyTheStateTheAuditLogAndTheMockStoreAreStaged() throws {
        let job = try #require(try jobs()["apply"])
        let stage = try step(job, named: "Stage the recorded state and the audit log")
        let script = try #require(stage["run"]?.scalarValue)
        #expect(!script.contains("git add -A") && !script.contains("git add ."))
        let staged = try ScratchRepository.stagingStep(script, files: [
            "business-centers/northwind.state.json", "business-centers/northwind.state.audit.jsonl",
            "business-centers/northwind.mock.json", "business-centers/northwind.mock.requests.jsonl",
            "business-centers/.bcplan/northwind.state.json.lock", "business-centers/.bcplan/northwind.state.json.backup",
            "business-centers/.bcplan/northwind.state.json.4242.17.tmp", "business-centers/northwind.state.json.lock",
            "business-centers/northwind.state.json.backup", "business-centers/notes.txt", "plans/northwind.plan.json",
            "apply.txt",
        ])
        #expect(staged == [
            "business-centers/northwind.mock.json", "business-centers/northwind.mock.requests.jsonl",
            "business-centers/northwind.state.audit.jsonl", "business-centers/northwind.state.json",
        ])
    }

    @Test func theScheduleOpensOrUpdatesOneIssue() throws {
        let job = try #require(try jobs()["drift"])
        #expect(job["permissions"]?["issues"]?.scalarValue == "write")
        #expect(job["environment"] == nil)
        let plan = try step(job, named: "Plan main against the live Business Centers")
        #expect(plan["run"]?.scalarValue?.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --out plans --detailed-exitcode"#) == true)
        let issue = try step(job, named: "Open or update the drift issue")
        let script = try #require(issue["with"]?["script"]?.scalarValue)
        for needle in [
            "<!-- bcplan-drift -->", "p.drift.length > 0", "a.kind === 'resend'", "issues.listForRepo", "issues.update",
            "issues.create", "state: 'closed'", "status === '2'",
        ] {
            #expect(script.contains(needle), "the drift step lacks \(needle)")
        }
        // Unanswered invitations are found by the planner's code, which a rewording keeps.
        let unanswered = PlanMessage.invitationUnanswered(member: "carla@acme.example", resends: 3, lastSent: "2026-10-20")
        #expect(unanswered.severity == .warning)
        #expect(script.contains("p.diagnostics.filter(d => d.code === '\(unanswered.code)')"))
        #expect(!script.contains("d.message.startsWith"), "diagnostics are matched by code, not by wording")
    }
}

/// A throwaway git repository to run a workflow step's script in.
private enum ScratchRepository {
    /// Runs `script` in a fresh repository after a base commit and a second commit that changes
    /// `path`, with BASE set to the base commit; returns what it wrote to GITHUB_OUTPUT.
    static func changesStep(_ script: String, changing path: String) throws -> String {
        let folder = try make()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("version: 1\n", "business-centers/northwind.yaml", in: folder)
        try write("# readme\n", "README.md", in: folder)
        try git(["add", "-A"], in: folder)
        try git(["commit", "-qm", "base"], in: folder)
        let base = try git(["rev-parse", "HEAD"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        try write("changed\n", path, in: folder, append: true)
        try git(["commit", "-qam", "change"], in: folder)
        let output = folder.appendingPathComponent("github-output")
        try Data().write(to: output)
        try bash(script, in: folder, environment: [
            "BASE": base, "BCPLAN_CONFIGS": "business-centers", "GITHUB_OUTPUT": output.path,
            "GITHUB_STEP_SUMMARY": folder.appendingPathComponent("summary").path,
        ])
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// Creates `files` (each holding its name) in a fresh repository, runs `script`, and returns
    /// the staged paths.
    static func stagingStep(_ script: String, files: [String]) throws -> [String] {
        let folder = try make()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in files { try write(file + "\n", file, in: folder) }
        try bash(script, in: folder, environment: ["BCPLAN_CONFIGS": "business-centers"])
        return try git(["diff", "--cached", "--name-only"], in: folder).split(separator: "\n").map(String.init).sorted()
    }

    private static func make() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-gitops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try git(["init", "-q"], in: folder)
        try git(["config", "user.email", "test@example.invalid"], in: folder)
        try git(["config", "user.name", "test"], in: folder)
        return folder
    }

    private static func write(_ text: String, _ path: String, in folder: URL, append: Bool = false) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = append ? (try? String(contentsOf: url, encoding: .utf8)) ?? "" : ""
        try (old + text).write(to: url, atomically: true, encoding: .utf8)
    }

    @discardableResult
    private static func git(_ arguments: [String], in folder: URL) throws -> String {
        try run("/usr/bin/env", ["git"] + arguments, in: folder, environment: [:])
    }

    private static func bash(_ script: String, in folder: URL, environment: [String: String]) throws {
        // As GitHub runs a `shell: bash` step: bash --noprofile --norc -eo pipefail.
        try run("/bin/bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], in: folder, environment: environment)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], in folder: URL, environment: [String: String]) throws -> String {
        let outcome = try TestProcess.run(executable, arguments, in: folder, environment: environment)
        guard outcome.status == 0 else {
            throw ScriptFailure(description: "\(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.output)")
        }
        return outcome.output
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        var description: String
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
