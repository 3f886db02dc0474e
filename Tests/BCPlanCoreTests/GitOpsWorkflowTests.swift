import BCPlanCore
import BCPlanYAML
import Foundation
import Testing

/// The two GitHub Actions workflows of `examples/gitops`, `bcplan.yml` (the state committed to
/// git) and `bcplan-postgres.yml` (the state in PostgreSQL): each parses and has the shape the page
/// describes. Pull requests are planned by a required check with no `paths:` filter that passes at
/// once when no config changed, with the token only for pull requests from the same repository;
/// the plans are saved as an artifact named by the head commit; after the merge exactly those
/// plans are fetched, checked against the merged configs, shown to the approver and applied behind
/// a protected environment; the git variant commits what bcplan records (and only that), the
/// PostgreSQL variant commits nothing and checks the audit logs; the result goes back on the pull
/// request; a schedule looks for drift.
///
/// The steps whose scripts can run here (which files changed, how a pull request is planned, what
/// is staged) are run, in a scratch git repository, exactly as the workflow holds them.
@Suite struct GitOpsWorkflowTests {
    static let example = ConfigSchemaTests.repositoryRoot.appendingPathComponent("examples/gitops")

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

    private func jobs(_ workflow: GitOpsWorkflow) throws -> YAMLNode { try #require(try load(workflow.path)["jobs"]) }

    private func steps(_ job: YAMLNode) -> [YAMLNode] { job["steps"]?.items ?? [] }

    private func runs(_ job: YAMLNode) -> [String] { steps(job).compactMap { $0["run"]?.scalarValue } }

    private func step(_ job: YAMLNode, named name: String) throws -> YAMLNode {
        try #require(steps(job).first { $0["name"]?.scalarValue == name }, "no step '\(name)'")
    }

    private func step(_ job: YAMLNode, using action: String) throws -> YAMLNode {
        try #require(steps(job).first { $0["uses"]?.scalarValue?.hasPrefix(action + "@") == true }, "no step uses \(action)")
    }

    @Test(arguments: GitOpsWorkflow.allCases)
    func theRequiredCheckRunsOnEveryPullRequestAndAScheduleLooksForDrift(_ workflow: GitOpsWorkflow) throws {
        let document = try load(workflow.path)
        let on = try #require(document["on"])
        #expect(on.keys == ["pull_request", "push", "schedule", "workflow_dispatch"])
        // GitHub leaves a required check with a paths: filter pending forever on other pull requests.
        let pullRequest = try #require(on["pull_request"])
        for filter in ["paths", "paths-ignore", "branches", "branches-ignore", "types"] {
            #expect(pullRequest[filter] == nil, "pull_request has a \(filter) filter")
        }
        #expect(on["push"]?["branches"]?.items.compactMap(\.scalarValue) == ["main"])
        #expect(on["push"]?["paths"]?.items.compactMap(\.scalarValue) == ["\(workflow.configs)/**"], "a merge applies its own folder only")
        let cron = try #require(on["schedule"]?.items.first?["cron"]?.scalarValue)
        #expect(cron.split(separator: " ").count == 5, "a cron line has five fields: \(cron)")
        #expect(document["permissions"]?["contents"]?.scalarValue == "read", "the default token only reads")
        let group = try #require(document["concurrency"]?["group"]?.scalarValue)
        #expect(group.contains("'drift'"), "the drift check never replaces a waiting apply")
        #expect(document["env"]?["BCPLAN_CONFIGS"]?.scalarValue == workflow.configs)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.example.appendingPathComponent(workflow.configs).path)
        #expect(names.filter { $0.hasSuffix(".yaml") }.count >= 2, "the folder the workflow plans holds the configs")
        let jobs = try jobs(workflow)
        #expect(jobs.keys == ["plan", "fetch-plans", "apply", "drift"])
        #expect(jobs["plan"]?["if"]?.scalarValue == "github.event_name == 'pull_request'")
        #expect(jobs["fetch-plans"]?["if"]?.scalarValue == "github.event_name == 'push'")
        #expect(jobs["drift"]?["if"]?.scalarValue == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'")
    }

    /// Two workflows in one repository keep apart what GitHub shares: run groups, artifacts, the
    /// markers of comments and issues.
    @Test func theTwoWorkflowsShareNoGroupArtifactOrMarker() throws {
        let git = try String(contentsOf: Self.example.appendingPathComponent(GitOpsWorkflow.git.path), encoding: .utf8)
        let postgres = try String(contentsOf: Self.example.appendingPathComponent(GitOpsWorkflow.postgres.path), encoding: .utf8)
        #expect(GitOpsWorkflow.git.artifact != GitOpsWorkflow.postgres.artifact)
        for name in ["bcplan-plans-$", "bcplan-plans-to-apply", "<!-- bcplan-plan -->", "<!-- bcplan-apply -->", "<!-- bcplan-drift -->",
                     "<!-- bcplan-review -->", "group: bcplan-$"] {
            #expect(git.contains(name), "bcplan.yml lacks \(name)")
            #expect(!postgres.contains(name), "bcplan-postgres.yml uses bcplan.yml's \(name)")
        }
    }

    /// Every action outside the repository is pinned to the full commit of the release its comment
    /// names, in both workflows and in the setup action they call.
    @Test func everyActionIsPinnedByCommit() throws {
        var used: Set<String> = []
        for path in GitOpsWorkflow.allCases.map(\.path) + [".github/actions/setup-bcplan/action.yml"] {
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

    /// Every job that runs bcplan sets it up first, handing the setup action all its inputs, so a
    /// repository variable works in every job.
    @Test(arguments: GitOpsWorkflow.allCases)
    func everyJobSetsUpBcplanBeforeRunningIt(_ workflow: GitOpsWorkflow) throws {
        let inputs = try #require(try load(".github/actions/setup-bcplan/action.yml")["inputs"]?.keys)
        let jobs = try jobs(workflow)
        for name in jobs.keys {
            let all = steps(try #require(jobs[name]))
            guard let firstRun = all.firstIndex(where: { $0["run"]?.scalarValue?.contains("bcplan ") == true }) else { continue }
            let setup = try #require(all.firstIndex { $0["uses"]?.scalarValue == "./.github/actions/setup-bcplan" }, "\(name)")
            #expect(setup < firstRun, "\(name) runs bcplan before setting it up")
            #expect(all[setup]["with"]?.keys == inputs, "\(name)")
        }
    }

    @Test(arguments: GitOpsWorkflow.allCases)
    func pullRequestsAreAnsweredAtOnceWhenNoConfigChanged(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["plan"])
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
        // Run the step's script as the workflow holds it: on a change of its configs, of its own
        // file, and of something else (the other variant's configs included).
        let script = try #require(changes["run"]?.scalarValue)
        let other = GitOpsWorkflow.allCases.first { $0 != workflow }!
        #expect(try ScratchRepository.changesStep(script, configs: workflow.configs, changing: "\(workflow.configs)/northwind.yaml") == "configs=true\n")
        #expect(try ScratchRepository.changesStep(script, configs: workflow.configs, changing: workflow.path) == "configs=true\n")
        #expect(try ScratchRepository.changesStep(script, configs: workflow.configs, changing: "README.md") == "configs=false\n")
        #expect(try ScratchRepository.changesStep(script, configs: workflow.configs, changing: "\(other.configs)/northwind.yaml") == "configs=false\n")
    }

    /// A pull request edits the configs, so only one from this repository plans with the token
    /// (DESIGN §3, "Where the token may go"): any other plans from the recorded state without it,
    /// or, where the state is in the database it cannot reach, is not planned and says why. The plan
    /// step's script runs here with a stand-in `bcplan` that records how it was called.
    @Test(arguments: GitOpsWorkflow.allCases)
    func onlyPullRequestsFromThisRepositoryGetTheToken(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["plan"])
        let step = try #require(steps(job).first { $0["id"]?.scalarValue == "plan" })
        let sameRepository = "github.event.pull_request.head.repo.full_name == github.repository"
        #expect(step["env"]?["SAME_REPOSITORY"]?.scalarValue == "${{ \(sameRepository) }}")
        #expect(step["env"]?["BCPLAN_TIKTOK_TOKEN"]?.scalarValue == "${{ \(sameRepository) && secrets.BCPLAN_TIKTOK_TOKEN || '' }}")
        let script = try #require(step["run"]?.scalarValue)
        let planned = #"plan -c business-centers --format markdown --detailed-exitcode --out plans"#
            .replacingOccurrences(of: "business-centers", with: workflow.configs)
        let same = try ScratchRepository.planStep(script, configs: workflow.configs, sameRepository: true)
        #expect(same.bcplan == [planned], "\(same.log)")
        #expect(same.output == "exitcode=2\n")
        let fork = try ScratchRepository.planStep(script, configs: workflow.configs, sameRepository: false)
        switch workflow {
        case .git:
            #expect(fork.bcplan == [planned + " --no-refresh"], "\(fork.log)")
            #expect(fork.output == "exitcode=2\n")
        case .postgres:
            #expect(step["env"]?["BCPLAN_DATABASE_URL"]?.scalarValue == "${{ \(sameRepository) && secrets.BCPLAN_DATABASE_URL_READ_ONLY || '' }}")
            #expect(fork.bcplan.isEmpty, "a fork's pull request is not planned: \(fork.bcplan)")
            #expect(fork.output == "exitcode=1\n", "the check fails")
            #expect(fork.comment.hasPrefix("A pull request from another repository is not planned"), "\(fork.comment)")
        }
    }

    @Test(arguments: GitOpsWorkflow.allCases)
    func thePlansAreSavedAsAnArtifactNamedByTheHeadCommit(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["plan"])
        let plan = try step(job, named: "Plan every Business Center and save the plans")
        #expect(plan["run"]?.scalarValue?.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --format markdown --detailed-exitcode --out plans"#) == true)
        let upload = try step(job, using: "actions/upload-artifact")
        #expect(upload["with"]?["name"]?.scalarValue == workflow.artifact + "${{ github.event.pull_request.head.sha }}")
        #expect(upload["with"]?["path"]?.scalarValue == "plans/")
        #expect(upload["if"]?.scalarValue == "steps.plan.outputs.exitcode == '0' || steps.plan.outputs.exitcode == '2'",
                "only complete plans are saved")
        let comment = try step(job, using: "actions/github-script")
        #expect(comment["if"]?.scalarValue?.contains("always()") == true, "a failed plan is posted too")
        let script = try #require(comment["with"]?["script"]?.scalarValue)
        for needle in [
            "<!-- bcplan-plan\(workflow.markerSuffix) -->", "plan.md", "listComments", "updateComment", "createComment",
            "c.body.startsWith(marker)", workflow.artifact + "${process.env.HEAD_SHA}",
        ] {
            #expect(script.contains(needle), "the comment step lacks \(needle)")
        }
        // The job fails on exit 1 only after the comment is posted.
        #expect(steps(job).last?["if"]?.scalarValue?.contains("steps.plan.outputs.exitcode != '2'") == true)
    }

    /// After the merge: the merged pull request's artifact (by its head commit), checked against the
    /// merged configs, shown in the run summary the approver reads, handed to the apply job.
    @Test(arguments: GitOpsWorkflow.allCases)
    func afterTheMergeExactlyTheReviewedPlansAreFetchedCheckedAndShown(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["fetch-plans"])
        #expect(job["permissions"]?["actions"]?.scalarValue == "read", "to download another run's artifact")
        // git: the tip of main, the merged configs and the last recorded state; PostgreSQL: the
        // merged commit (the state is in the database).
        #expect(try step(job, using: "actions/checkout")["with"]?["ref"]?.scalarValue == workflow.mergedCheckout)
        let find = try step(job, named: "Find the merged pull request and its saved plans")
        let script = try #require(find["with"]?["script"]?.scalarValue)
        for needle in [
            "listPullRequestsAssociatedWithCommit", "p.merged_at", "listFiles", "`\(workflow.artifact)${pull.head.sha}`",
            "listArtifactsForRepo", "a.workflow_run.head_sha === pull.head.sha", "getWorkflowRun",
            "run.path !== '\(workflow.path)'", "startsWith('.github/')", "core.setFailed",
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
        #expect(stale["with"]?["script"]?.scalarValue?.contains("<!-- bcplan-apply\(workflow.markerSuffix) -->") == true)
        let show = try step(job, named: "Show the plans to be approved")
        #expect(show["run"]?.scalarValue?.contains(#"bcplan show "$plan" --format markdown"#) == true)
        #expect(show["run"]?.scalarValue?.contains(#"} >> "$GITHUB_STEP_SUMMARY""#) == true)
        let keep = try step(job, using: "actions/upload-artifact")
        #expect(keep["with"]?["name"]?.scalarValue == workflow.handOver)
        #expect(job["outputs"]?["changes"]?.scalarValue == "${{ steps.check.outputs.changes }}")
    }

    @Test(arguments: GitOpsWorkflow.allCases)
    func theApprovedPlansAreAppliedAndTheResultPostedOnThePullRequest(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["apply"])
        #expect(job["needs"]?.scalarValue == "fetch-plans")
        #expect(job["if"]?.scalarValue == "needs.fetch-plans.outputs.changes == 'true'")
        #expect(job["environment"]?.scalarValue == "business-center")
        #expect(job["permissions"]?["pull-requests"]?.scalarValue == "write")
        #expect(try step(job, using: "actions/checkout")["with"]?["ref"]?.scalarValue == workflow.mergedCheckout,
                "the configs the plans were checked against")
        #expect(try step(job, using: "actions/download-artifact")["with"]?["name"]?.scalarValue == workflow.handOver)
        let apply = try step(job, named: "Apply exactly the reviewed plans")
        #expect(apply["run"]?.scalarValue?.contains(#"bcplan apply plans -c "$BCPLAN_CONFIGS""#) == true)
        #expect(apply["run"]?.scalarValue?.contains("> apply.txt 2> apply.err") == true)
        #expect(!runs(job).contains { $0.contains("--auto-approve") }, "only the reviewed plans are applied")
        #expect(!runs(job).contains { $0.contains("bcplan plan") }, "nothing is planned afresh after the review")
        switch workflow {
        case .git:
            #expect(job["permissions"]?["contents"]?.scalarValue == "write")
            let commit = try step(job, named: "Commit the state to main")
            #expect(commit["if"]?.scalarValue == "always() && steps.stage.outcome == 'success'", "the state of a half-done apply is kept too")
            #expect(commit["run"]?.scalarValue?.contains("git push origin HEAD:main") == true)
            #expect(commit["run"]?.scalarValue?.contains("git add") == false, "only the staging step stages")
        case .postgres:
            #expect(job["permissions"]?["contents"]?.scalarValue == "read", "nothing is committed: the state is in the database")
            let verify = try step(job, named: "Check every audit log's hash chain")
            #expect(verify["if"]?.scalarValue == "always() && steps.apply.outputs.exitcode != ''", "a half-done apply's log is checked too")
            #expect(verify["run"]?.scalarValue?.contains(#"bcplan log --verify -c "$config""#) == true)
        }
        let post = try step(job, named: "Post the result on the pull request")
        #expect(post["env"]?["NUMBER"]?.scalarValue == "${{ needs.fetch-plans.outputs.pull-request }}")
        let script = try #require(post["with"]?["script"]?.scalarValue)
        #expect(script.contains("issues.createComment") && script.contains("<!-- bcplan-apply\(workflow.markerSuffix) -->"))
        #expect(steps(job).last?["if"]?.scalarValue == "steps.apply.outputs.exitcode != '0'", "the job fails last, after recording and posting")
    }

    /// The staging step, run as the workflow holds it after an apply that left run files behind:
    /// only what bcplan records is staged (the state, its history, a journal not yet taken in, the
    /// audit log, the mock's store and request journal), and committed files bcplan removed (a
    /// journal it took in, a lock and a backup an older bcplan kept beside the state) are staged as
    /// removed.
    @Test func onlyWhatBcplanRecordsIsStaged() throws {
        let job = try #require(try jobs(.git)["apply"])
        let stage = try step(job, named: "Stage the recorded state and the audit log")
        let script = try #require(stage["run"]?.scalarValue)
        #expect(!script.contains("git add -A") && !script.contains("git add ."))
        let staged = try ScratchRepository.stagingStep(script, committed: [
            "business-centers/northwind.yaml", "business-centers/blueharbor.state.json.journal",
            "business-centers/northwind.state.json.lock", "business-centers/northwind.state.json.backup",
        ], removed: [
            "business-centers/blueharbor.state.json.journal", "business-centers/northwind.state.json.lock",
            "business-centers/northwind.state.json.backup",
        ], written: [
            "business-centers/northwind.state.json", "business-centers/northwind.state.history.jsonl",
            "business-centers/northwind.state.json.journal", "business-centers/northwind.state.audit.jsonl",
            "business-centers/northwind.mock.json", "business-centers/northwind.mock.requests.jsonl",
            "business-centers/northwind.yaml",
            "business-centers/.bcplan/northwind.state.json.lock", "business-centers/.bcplan/northwind.state.json.backup",
            "business-centers/.bcplan/northwind.state.json.4242.17.tmp", "business-centers/.bcplan/.gitignore",
            "business-centers/notes.txt", "plans/northwind.plan.json", "apply.txt",
        ])
        #expect(staged == [
            "D business-centers/blueharbor.state.json.journal",
            "A business-centers/northwind.mock.json", "A business-centers/northwind.mock.requests.jsonl",
            "A business-centers/northwind.state.audit.jsonl",
            "A business-centers/northwind.state.history.jsonl", "A business-centers/northwind.state.json",
            "D business-centers/northwind.state.json.backup", "A business-centers/northwind.state.json.journal",
            "D business-centers/northwind.state.json.lock",
        ])
    }

    @Test(arguments: GitOpsWorkflow.allCases)
    func theScheduleOpensOrUpdatesOneIssue(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["drift"])
        #expect(job["permissions"]?["issues"]?.scalarValue == "write")
        #expect(job["environment"] == nil)
        let plan = try step(job, named: "Plan main against the live Business Centers")
        #expect(plan["run"]?.scalarValue?.contains(#"bcplan plan -c "$BCPLAN_CONFIGS" --out plans --detailed-exitcode"#) == true)
        let issue = try step(job, named: "Open or update the drift issue")
        let script = try #require(issue["with"]?["script"]?.scalarValue)
        for needle in [
            "<!-- bcplan-drift\(workflow.markerSuffix) -->", "p.drift.length > 0", "a.kind === 'resend'", "issues.listForRepo",
            "issues.update", "issues.create", "state: 'closed'", "status === '2'",
        ] {
            #expect(script.contains(needle), "the drift step lacks \(needle)")
        }
        // Unanswered invitations are found by the planner's code, which a rewording keeps.
        let unanswered = PlanMessage.invitationUnanswered(member: "carla@acme.example", resends: 3, lastSent: "2026-10-20")
        #expect(unanswered.severity == .warning)
        // An acknowledged one is info (acknowledge:), and needs no issue.
        #expect(script.contains("p.diagnostics.filter(d => d.code === '\(unanswered.code)' && d.severity === 'warning')"))
        #expect(!script.contains("d.message.startsWith"), "diagnostics are matched by code, not by wording")
    }

    /// The same schedule keeps one issue listing the access due for review (issue 16): opened or
    /// updated with `bcplan review`'s markdown while anything is due, closed once nothing is. It
    /// runs whatever the drift steps did, and reads only the configs (no token, no database).
    @Test(arguments: GitOpsWorkflow.allCases)
    func theScheduleKeepsOneAccessReviewIssue(_ workflow: GitOpsWorkflow) throws {
        let job = try #require(try jobs(workflow)["drift"])
        #expect(job["permissions"]?["issues"]?.scalarValue == "write")
        let review = try step(job, named: "Review who has access")
        #expect(review["id"]?.scalarValue == "review")
        #expect(review["if"]?.scalarValue == "always()")
        #expect(review["env"] == nil, "the review needs no secret")
        let run = try #require(review["run"]?.scalarValue)
        #expect(run.contains(#"bcplan review -c "$BCPLAN_CONFIGS" --format markdown --detailed-exitcode > review.md"#))
        #expect(run.contains(#"echo "exitcode=$status" >> "$GITHUB_OUTPUT""#))
        let issue = try step(job, named: "Open or update the access review issue")
        #expect(issue["uses"]?.scalarValue?.hasPrefix("actions/github-script@") == true)
        #expect(issue["if"]?.scalarValue == "always() && steps.review.outcome == 'success'")
        #expect(issue["env"]?["EXITCODE"]?.scalarValue == "${{ steps.review.outputs.exitcode }}")
        let script = try #require(issue["with"]?["script"]?.scalarValue)
        for needle in [
            "<!-- bcplan-review\(workflow.markerSuffix) -->", "status === '0'", "state: 'closed'", "issues.listForRepo",
            "issues.update", "issues.create", "fs.readFileSync('review.md', 'utf8')", ".slice(0, 60000)",
        ] {
            #expect(script.contains(needle), "the review issue step lacks \(needle)")
        }
        // After the drift issue, so that a failure there does not hide the review.
        let names = steps(job).compactMap { $0["name"]?.scalarValue }
        #expect(names.suffix(3) == ["Open or update the drift issue", "Review who has access", "Open or update the access review issue"])
    }

    // MARK: The setup action (examples/gitops/.github/actions/setup-bcplan)

    @Test func theSetupActionTakesTheReleaseItInstalls() throws {
        let setup = try load(".github/actions/setup-bcplan/action.yml")
        #expect(setup["runs"]?["using"]?.scalarValue == "composite")
        #expect(setup["inputs"]?.keys == ["repository", "version", "sha256", "from-source", "ref"])
        for input in ["repository", "version"] {
            #expect(setup["inputs"]?[input]?["required"]?.scalarValue == "true", "\(input)")
        }
        #expect(setup["inputs"]?["from-source"]?["default"]?.scalarValue == "false", "the package unless asked")
    }

    private func setupStep(_ name: String) throws -> YAMLNode {
        let action = try load(".github/actions/setup-bcplan/action.yml")
        return try #require(action["runs"]?["steps"]?.items.first { $0["name"]?.scalarValue == name }, "no step '\(name)'")
    }

    @Test func theSetupActionDownloadsTheReleaseAndChecksItsSHA256BeforeInstallingAnything() throws {
        let download = try setupStep("Download the package and the libraries it needs")
        #expect(download["if"]?.scalarValue == "steps.cache.outputs.cache-hit != 'true' && steps.inputs.outputs.mode == 'package'")
        let script = try #require(download["run"]?.scalarValue)
        // The release URL scheme the README documents.
        #expect(script.contains(#"deb="bcplan_${VERSION}_amd64.deb""#))
        #expect(script.contains(#""https://github.com/$REPOSITORY/releases/download/v$VERSION/$deb""#))
        let check = try #require(script.range(of: "sha256sum --check --strict"))
        let apt = try #require(script.range(of: "apt-get"))
        #expect(check.lowerBound < apt.lowerBound, "the checksum is checked before apt runs")
        let readme = try String(contentsOf: ConfigSchemaTests.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("https://github.com/OWNER/NAME/releases/download/vVERSION/bcplan_VERSION_amd64.deb"))

        let install = try setupStep("Install bcplan")
        #expect(install["if"] == nil, "installing runs on a hit and on a miss")
        let installScript = try #require(install["run"]?.scalarValue)
        #expect(installScript.contains(#"echo "$SHA256  $deb" | sha256sum --check --strict"#), "a cached package is checked too")
    }

    @Test func theSetupActionRunsAptOnlyOnACacheMissAndBuildsFromSourceOnlyWhenAsked() throws {
        let action = try load(".github/actions/setup-bcplan/action.yml")
        let all = action["runs"]?["steps"]?.items ?? []
        // Pinned by commit like every action (everyActionIsPinnedByCommit).
        let cache = try #require(all.first { $0["uses"]?.scalarValue?.hasPrefix("actions/cache@") == true })
        #expect(cache["id"]?.scalarValue == "cache")
        #expect(cache["with"]?["key"]?.scalarValue == "${{ steps.inputs.outputs.key }}")
        for step in all {
            guard let script = step["run"]?.scalarValue else { continue }
            let name = step["name"]?.scalarValue ?? "?"
            // Scripts take inputs through env, so they run as written (Packaging/setup-action-test.sh does).
            #expect(!script.contains("${{"), "\(name)")
            if script.contains("apt-get") || script.contains("swift build") {
                #expect(step["if"]?.scalarValue?.hasPrefix("steps.cache.outputs.cache-hit != 'true' && ") == true, "\(name) runs on a cache hit")
            }
        }
        let build = try setupStep("Build bcplan from source")
        #expect(build["if"]?.scalarValue?.hasSuffix("steps.inputs.outputs.mode == 'source'") == true)
        #expect(build["run"]?.scalarValue?.contains("export BCPLAN_COMMIT=") == true, "bcplan --version names the commit")
    }

    /// Runs the action's first step as the runner would, with `swift` replaced by a script that
    /// prints `swiftVersion` (none when nil).
    private func checkInputs(_ environment: [String: String], swiftVersion: String? = "6.0.3") throws -> (status: Int32, output: [String: String], log: String) {
        let step = try setupStep("Check the inputs and name the cache")
        let script = try #require(step["run"]?.scalarValue)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        if let swiftVersion {
            let swift = folder.appendingPathComponent("swift")
            try "#!/bin/sh\necho 'Swift version \(swiftVersion) (swift-\(swiftVersion)-RELEASE)'\necho 'Target: x86_64-unknown-linux-gnu'\n"
                .write(to: swift, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: swift.path)
        }
        let outputFile = folder.appendingPathComponent("output")
        try Data().write(to: outputFile)
        let outcome = try TestProcess.run("/bin/bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], environment: [
            "PATH": "\(folder.path):/usr/bin:/bin", "GITHUB_OUTPUT": outputFile.path,
            "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "ImageOS": "ubuntu24", "ImageVersion": "20260101.1",
            "REPOSITORY": "acme/bcplan", "VERSION": "0.1.0", "SHA256": String(repeating: "ab", count: 32),
            "FROM_SOURCE": "false", "REF": "",
        ].merging(environment) { $1 })
        var output: [String: String] = [:]
        for line in try String(contentsOf: outputFile, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { output[String(parts[0])] = String(parts[1]) }
        }
        return (outcome.status, output, outcome.output)
    }

    @Test func theSetupActionKeysThePackageCacheByReleaseAndChecksumAndTheSourceBuildBySwiftVersion() throws {
        let sha = String(repeating: "ab", count: 32)
        let package = try checkInputs([:])
        #expect(package.status == 0, "\(package.log)")
        #expect(package.output == ["mode": "package", "key": "bcplan-deb-Linux-X64-ubuntu24-20260101.1-0.1.0-\(sha)"])

        let source = try checkInputs(["FROM_SOURCE": "true", "SHA256": ""])
        #expect(source.status == 0, "\(source.log)")
        #expect(source.output == ["mode": "source", "ref": "v0.1.0", "key": "bcplan-src-Linux-X64-ubuntu24-20260101.1-swift6.0.3-acme-bcplan-v0.1.0"])
        let newerSwift = try checkInputs(["FROM_SOURCE": "true"], swiftVersion: "6.1")
        #expect(newerSwift.output["key"] == "bcplan-src-Linux-X64-ubuntu24-20260101.1-swift6.1-acme-bcplan-v0.1.0", "a new Swift is a new build")
        let commit = try checkInputs(["FROM_SOURCE": "true", "REF": "5d05006"])
        #expect(commit.output["ref"] == "5d05006")
    }

    @Test(arguments: [
        (["SHA256": ""], "set the repository variable BCPLAN_SHA256"),
        (["SHA256": String(repeating: "AB", count: 32)], "set the repository variable BCPLAN_SHA256"),
        (["VERSION": ""], "set the repository variable BCPLAN_VERSION"),
        (["VERSION": "latest"], "set the repository variable BCPLAN_VERSION"),
        (["REPOSITORY": ""], "set the repository variable BCPLAN_REPOSITORY"),
        (["RUNNER_ARCH": "ARM64"], "the bcplan package is built for amd64; this runner is ARM64"),
        (["FROM_SOURCE": "yes"], "from-source (BCPLAN_FROM_SOURCE) is 'true' or 'false', not 'yes'"),
    ])
    func theSetupActionRefusesMissingOrMalformedInputsWithOneError(environment: [String: String], message: String) throws {
        let result = try checkInputs(environment)
        #expect(result.status == 1)
        #expect(result.log.hasPrefix("::error::\(message)"), "\(result.log)")
        #expect(result.output.isEmpty, "nothing is decided after an error")
    }

    @Test func theSetupActionSaysWhenABuildFromSourceHasNoSwift() throws {
        let result = try checkInputs(["FROM_SOURCE": "true"], swiftVersion: nil)
        #expect(result.status == 1)
        #expect(result.log.hasPrefix("::error::from-source needs Swift 6 on the runner"), "\(result.log)")
    }
}

/// A throwaway git repository to run a workflow step's script in.
private enum ScratchRepository {
    /// Runs `script` in a fresh repository after a base commit and a second commit that changes
    /// `path`, with BASE set to the base commit; returns what it wrote to GITHUB_OUTPUT.
    static func changesStep(_ script: String, configs: String, changing path: String) throws -> String {
        let folder = try make()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["\(configs)/northwind.yaml", "README.md", path] { try write("# \(file)\n", file, in: folder) }
        try git(["add", "-A"], in: folder)
        try git(["commit", "-qm", "base"], in: folder)
        let base = try git(["rev-parse", "HEAD"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        try write("changed\n", path, in: folder, append: true)
        try git(["commit", "-qam", "change"], in: folder)
        let output = folder.appendingPathComponent("github-output")
        try Data().write(to: output)
        try bash(script, in: folder, environment: [
            "BASE": base, "BCPLAN_CONFIGS": configs, "GITHUB_OUTPUT": output.path,
            "GITHUB_STEP_SUMMARY": folder.appendingPathComponent("summary").path,
        ])
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// Runs the plan step's `script` with a stand-in `bcplan` first on PATH that records its
    /// arguments and exits 2 (changes); returns each call's arguments, what the step wrote to
    /// GITHUB_OUTPUT and to `plan.md` (the comment), and what it printed.
    static func planStep(
        _ script: String, configs: String, sameRepository: Bool
    ) throws -> (bcplan: [String], output: String, comment: String, log: String) {
        let folder = try make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = folder.appendingPathComponent("calls")
        try write("#!/bin/sh\necho \"$*\" >> \"\(calls.path)\"\necho '### plan'\nexit 2\n", "bin/bcplan", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("bin/bcplan").path)
        let output = folder.appendingPathComponent("github-output")
        try Data().write(to: output)
        let log = try bash(script, in: folder, environment: [
            "PATH": folder.appendingPathComponent("bin").path + ":/usr/bin:/bin", "BCPLAN_CONFIGS": configs,
            "SAME_REPOSITORY": sameRepository ? "true" : "false", "GITHUB_OUTPUT": output.path,
            "GITHUB_STEP_SUMMARY": folder.appendingPathComponent("summary").path,
        ])
        let called = (try? String(contentsOf: calls, encoding: .utf8)) ?? ""
        return (
            called.split(separator: "\n").map(String.init), try String(contentsOf: output, encoding: .utf8),
            try String(contentsOf: folder.appendingPathComponent("plan.md"), encoding: .utf8), log
        )
    }

    /// In a fresh repository: commits `committed`, deletes `removed`, writes `written` (each file
    /// holding its name, a written one something else), runs `script`, and returns what is staged
    /// as "A path", "M path" or "D path", in path order.
    static func stagingStep(_ script: String, committed: [String], removed: [String], written: [String]) throws -> [String] {
        let folder = try make()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in committed { try write(file + "\n", file, in: folder) }
        try git(["add", "-A"], in: folder)
        try git(["commit", "-qm", "before the apply"], in: folder)
        for file in removed { try FileManager.default.removeItem(at: folder.appendingPathComponent(file)) }
        for file in written { try write(file + " after the apply\n", file, in: folder) }
        try bash(script, in: folder, environment: ["BCPLAN_CONFIGS": "business-centers"])
        return try git(["diff", "--cached", "--name-status"], in: folder).split(separator: "\n")
            .map { $0.replacingOccurrences(of: "\t", with: " ") }
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

    @discardableResult
    private static func bash(_ script: String, in folder: URL, environment: [String: String]) throws -> String {
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
