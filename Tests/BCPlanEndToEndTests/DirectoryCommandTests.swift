import Foundation
import Testing

/// `-c DIR`: every config in a directory planned, applied or validated in one run.
@Suite struct DirectoryCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    /// `bcs/` with three Business Centers: acme (one invitation to send), globex (matches its store,
    /// written as .yml) and broken (an id written as a number).
    private func threeBusinessCenters(broken: Bool = true) throws -> URL {
        let folder = try BinaryRunner.temporaryFolder()
        let bcs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: bcs, withIntermediateDirectories: true)
        for (name, id, domain, people) in [
            ("acme", "7000000000000000001", "acme.example", ["ana", "bo"]),
            ("globex", "7000000000000000002", "globex.example", ["gil", "hal"]),
        ] {
            let extra = name == "acme" ? "  - {email: carla@acme.example, role: standard}\n" : ""
            try BinaryRunner.write("""
                version: 1
                business_center: {id: "\(id)", name: \(name.capitalized)}
                provider: {kind: mock, store: \(name).store.json, caller: \(people[0])@\(domain)}
                members:
                  - {email: \(people[0])@\(domain), role: admin}
                  - {email: \(people[1])@\(domain), role: admin}

                """ + extra, "bcs/\(name).\(name == "globex" ? "yml" : "yaml")", in: folder)
            try BinaryRunner.write("""
                {"business_center": {"id": "\(id)", "name": "\(name.capitalized)"},
                 "members": [
                   {"email": "\(people[0])@\(domain)", "user_id": "1", "status": "active", "role": "admin", "finance": null,
                    "invited_at": null, "resends": 0, "assets": []},
                   {"email": "\(people[1])@\(domain)", "user_id": "2", "status": "active", "role": "admin", "finance": null,
                    "invited_at": null, "resends": 0, "assets": []}],
                 "partners": [], "assets": []}
                """, "bcs/\(name).store.json", in: folder)
        }
        if broken {
            try BinaryRunner.write("version: 1\nbusiness_center: {id: 7000000000000000003}\nmembers: []\n", "bcs/broken.yaml", in: folder)
        }
        // Not configs: a hidden file, a subfolder, another extension.
        try BinaryRunner.write("not: [a config", "bcs/.hidden.yaml", in: folder)
        try BinaryRunner.write("notes", "bcs/README.md", in: folder)
        try FileManager.default.createDirectory(at: bcs.appendingPathComponent("old.yaml"), withIntermediateDirectories: true)
        return folder
    }

    static let acmeGroup = """
        == bcs/acme.yaml: Acme (7000000000000000001) ==

        bcplan will perform these actions, in this order:

          + invite carla@acme.example as standard
              reason: declared at bcs/acme.yaml:7:5, not in the Business Center
              source: bcs/acme.yaml:7:5
              privilege: grant

        Plan: 1 to invite.

        """

    static let brokenErrors = """
        == bcs/broken.yaml ==
        bcs/broken.yaml:2:23: error: Business Center id 7000000000000000003 is written as a number; quote it: "7000000000000000003" (ids are strings, and 19-digit numbers lose digits in many tools)
        business_center: {id: 7000000000000000003}
                              ^
        bcs/broken.yaml: 1 error

        """

    @Test func planOfADirectoryGroupsEveryBusinessCenterAndAnInvalidOneDoesNotStopTheOthers() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["plan", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == Self.acmeGroup + """

            == bcs/broken.yaml ==

            Failed; the errors are on standard error.

            == bcs/globex.yml: Globex (7000000000000000002) ==

            No changes. The Business Center matches the configuration.

            Total: 3 Business Centers: 1 with changes (1 action), 1 without changes, 1 failed (bcs/broken.yaml).

            """)
        #expect(outcome.stderr == Self.brokenErrors)
        #expect(try BinaryRunner.snapshot(of: folder) == before, "plan wrote a file")
        // The groups are what planning each config alone prints.
        let alone = try BinaryRunner.run(["plan", "-c", "bcs/acme.yaml"], in: folder, environment: Self.now)
        #expect(Self.acmeGroup.hasSuffix("\n\n" + alone.stdout))
    }

    @Test func outputIsTheSameWhateverTheNumberOfJobs() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = try BinaryRunner.run(["plan", "-c", "bcs/", "--jobs", "1"], in: folder, environment: Self.now)
        let many = try BinaryRunner.run(["plan", "-c", "bcs/", "--jobs", "8"], in: folder, environment: Self.now)
        #expect(one.status == 1)
        #expect(one.stdout == many.stdout)
        #expect(one.stderr == many.stderr)
        let zero = try BinaryRunner.run(["plan", "-c", "bcs", "--jobs", "0"], in: folder, environment: Self.now)
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("--jobs must be at least 1"))
    }

    @Test func detailedExitCodeIsTheWorstOfTheBusinessCenters() throws {
        let folder = try threeBusinessCenters(broken: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let changes = try BinaryRunner.run(["plan", "-c", "bcs", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(changes.status == 2, "\(changes.stderr)")
        #expect(changes.stdout.hasSuffix("Total: 2 Business Centers: 1 with changes (1 action), 1 without changes.\n"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bcs/acme.yaml"))
        let none = try BinaryRunner.run(["plan", "-c", "bcs", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.hasSuffix("Total: 1 Business Center: 1 without changes.\n"))
        try BinaryRunner.write("version: 1\nbusiness_center: {id: 7000000000000000003}\nmembers: []\n", "bcs/broken.yaml", in: folder)
        let failed = try BinaryRunner.run(["plan", "-c", "bcs", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(failed.status == 1)
    }

    @Test func jsonOfADirectoryHoldsEveryPlanAndEveryFailure() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["plan", "-c", "bcs", "--format", "json"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == Self.brokenErrors)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["format_version"] as? Int == 1)
        let plans = try #require(document["plans"] as? [[String: Any]])
        #expect(plans.map { ($0["config"] as? [String: Any])?["path"] as? String } == ["bcs/acme.yaml", "bcs/globex.yml"])
        let alone = try BinaryRunner.run(["plan", "-c", "bcs/acme.yaml", "--format", "json"], in: folder, environment: Self.now)
        let acme = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? NSDictionary
        #expect(acme == (plans[0] as NSDictionary), "a plan in the list is the plan of that config alone")
        let failures = try #require(document["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect(failures.first?["config"] as? String == "bcs/broken.yaml")
        #expect(failures.first?["exit_code"] as? Int == 1)
        #expect((failures.first?["message"] as? String)?.hasPrefix("bcs/broken.yaml:2:23: error: ") == true)
    }

    @Test func markdownOfADirectoryIsOneCommentWithTheTotalFirst() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["plan", "-c", "bcs", "--format", "markdown"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "## bcplan: Total: 3 Business Centers: 1 with changes (1 action), 1 without changes, 1 failed (bcs/broken.yaml).")
        #expect(lines.filter { $0.hasPrefix("## `") } == ["## `bcs/acme.yaml`", "## `bcs/broken.yaml`", "## `bcs/globex.yml`"])
        #expect(outcome.stdout.contains("**Failed** (exit 1).\n\n~~~\nbcs/broken.yaml:2:23: error: "))
    }

    @Test func savedPlansOfADirectoryAreWrittenOnlyWhenAllPlannedAndApplyTakesThem() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try BinaryRunner.run(["plan", "-c", "bcs", "--out", "plans"], in: folder, environment: Self.now)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasSuffix("error: no plan was written to plans, because 1 of 3 Business Centers failed to plan\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plans").path))

        try FileManager.default.removeItem(at: folder.appendingPathComponent("bcs/broken.yaml"))
        let planned = try BinaryRunner.run(["plan", "-c", "bcs", "--out", "plans"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("plans").path).sorted()
            == [".bcplan", "acme.plan.json", "globex.plan.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("plans/.bcplan").path) == [".gitignore"],
                "no temporary file is left")
        let alone = try BinaryRunner.run(["plan", "-c", "bcs/acme.yaml", "--format", "json"], in: folder, environment: Self.now)
        #expect(try BinaryRunner.read("plans/acme.plan.json", in: folder) == alone.stdout)

        let applied = try BinaryRunner.run(["apply", "plans", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stderr == "")
        #expect(applied.stdout == """
            == bcs/acme.yaml: Acme (7000000000000000001) ==

            [1/1] done    invite carla@acme.example (mock-1)

            Apply complete: 1 done (1 provider call).

            == bcs/globex.yml: Globex (7000000000000000002) ==

            Apply complete: no changes.

            Total: 2 Business Centers: 1 applied (1 action), 1 without changes.

            """)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bcs/acme.state.json").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bcs/globex.state.json").path))

        // Applied once: the same plans are stale now, and nothing is done twice.
        let again = try BinaryRunner.run(["apply", "plans", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(again.status == 1)
        #expect(again.stderr.contains("error: the saved plan plans/acme.plan.json is stale; nothing was changed:"))
        let after = try BinaryRunner.run(["plan", "-c", "bcs", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    }

    @Test func applyOfADirectoryNeedsApprovalOrMatchingSavedPlans() throws {
        let folder = try threeBusinessCenters(broken: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("plans"), withIntermediateDirectories: true)
        try BinaryRunner.write("{}", "plan.json", in: folder)
        let before = try BinaryRunner.snapshot(of: folder)

        let unapproved = try BinaryRunner.run(["apply", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(unapproved.status == 64)
        #expect(unapproved.stderr.hasPrefix("error: applying a directory of configs asks no questions: "))
        let planFile = try BinaryRunner.run(["apply", "plan.json", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(planFile.status == 64)
        let noConfigs = try BinaryRunner.run(["apply", "plans"], in: folder, environment: Self.now)
        #expect(noConfigs.status == 64)
        #expect(noConfigs.stderr == "error: plans is a directory of plans; give the directory of configs they were made from too: bcplan apply plans -c DIR\n")

        try BinaryRunner.write("{}", "plans/acme.plan.json", in: folder)
        try BinaryRunner.write("{}", "plans/initech.plan.json", in: folder)
        let mismatched = try BinaryRunner.run(["apply", "plans", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(mismatched.status == 1)
        #expect(mismatched.stdout == "")
        #expect(mismatched.stderr == """
            error: no saved plan for a config of bcs: plans/globex.plan.json missing
            error: plans/initech.plan.json matches no config in bcs
            Nothing was applied; plan again with bcplan plan -c bcs --out plans, review, and apply that.

            """)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("plans/acme.plan.json"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("plans/initech.plan.json"))
        #expect(try BinaryRunner.snapshot(of: folder) == before, "a refused apply changed files")

        let approved = try BinaryRunner.run(["apply", "-c", "bcs", "--auto-approve"], in: folder, environment: Self.now)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.hasSuffix("Total: 2 Business Centers: 1 applied (1 action), 1 without changes.\n"))
    }

    @Test func configsThatShareAStateFileOrABusinessCenterDoNotRun() throws {
        let folder = try threeBusinessCenters(broken: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["a", "b"] {
            try BinaryRunner.write("""
                version: 1
                business_center: {id: "700000000000000000\(name == "a" ? 4 : 5)"}
                provider: {kind: mock, store: \(name).store.json}
                state: shared.state.json
                members: []

                """, "bcs/\(name).yaml", in: folder)
        }
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001"}
            provider: {kind: mock, store: copy.store.json}
            members: []

            """, "bcs/copy.yaml", in: folder)
        let outcome = try BinaryRunner.run(["plan", "-c", "bcs"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == """
            == bcs/a.yaml: 7000000000000000004 ==
            error: bcs/a.yaml and bcs/b.yaml use the same state file; give each Business Center its own state (state: in the config), so none of them was run
            == bcs/acme.yaml: Acme (7000000000000000001) ==
            error: bcs/acme.yaml and bcs/copy.yaml all declare Business Center 7000000000000000001; keep one config per Business Center, so none of them was run
            == bcs/b.yaml: 7000000000000000005 ==
            error: bcs/a.yaml and bcs/b.yaml use the same state file; give each Business Center its own state (state: in the config), so none of them was run
            == bcs/copy.yaml: 7000000000000000001 ==
            error: bcs/acme.yaml and bcs/copy.yaml all declare Business Center 7000000000000000001; keep one config per Business Center, so none of them was run

            """)
        #expect(outcome.stdout.hasSuffix(
            "Total: 5 Business Centers: 1 without changes, 4 failed (bcs/a.yaml, bcs/acme.yaml, bcs/b.yaml, bcs/copy.yaml).\n"))
        let validated = try BinaryRunner.run(["validate", "-c", "bcs"], in: folder)
        #expect(validated.status == 1)
        #expect(validated.stderr.contains("error: bcs/a.yaml and bcs/b.yaml use the same state file;"))
    }

    @Test func twoConfigsOfOnePostgreSQLWorkspaceAreRefusedBeforeAnyDatabaseIsReached() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first names its workspace; the second's is its Business Center id, the same name.
        for (name, id, workspace) in [("a", "7000000000000000004", "workspace: \"7000000000000000005\", "), ("b", "7000000000000000005", "")] {
            try BinaryRunner.write("""
                version: 1
                business_center: {id: "\(id)"}
                state: {backend: postgres, \(workspace)schema: bcplan}
                members: []

                """, "\(name).yaml", in: folder)
        }
        let validated = try BinaryRunner.run(["validate", "-c", "."], in: folder)
        #expect(validated.status == 1)
        #expect(validated.stderr.contains(
            "error: a.yaml and b.yaml use the same PostgreSQL workspace; give each Business Center its own state (state: in the config), so none of them was run"),
            "\(validated.stderr)")
    }

    @Test func validateOfADirectoryChecksEveryFileAndCounts() throws {
        let folder = try threeBusinessCenters()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["validate", "-c", "bcs"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == """
            bcs/acme.yaml: valid: Business Center 7000000000000000001 (Acme), 3 members, 0 partners, 0 assets
            bcs/globex.yml: valid: Business Center 7000000000000000002 (Globex), 2 members, 0 partners, 0 assets
            Total: 3 configs: 2 valid, 1 invalid (bcs/broken.yaml).

            """)
        #expect(outcome.stderr == Self.brokenErrors.split(separator: "\n", maxSplits: 1)[1])
    }

    @Test func aDirectoryWithoutConfigsIsAnError() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let outcome = try BinaryRunner.run(["plan", "-c", "empty"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "error: empty holds no config: no *.yaml or *.yml file directly in it\n")
    }

    /// The commands the GitOps workflow runs, on a copy of the example.
    @Test func theGitOpsExampleRunsAsItsWorkflowDoes() throws {
        let folder = try BinaryRunner.copyOfExample("gitops")
        defer { try? FileManager.default.removeItem(at: folder) }
        let validated = try BinaryRunner.run(["validate", "-c", "business-centers"], in: folder)
        #expect(validated.status == 0, "\(validated.stderr)")
        let comment = try BinaryRunner.run(
            ["plan", "-c", "business-centers", "--format", "markdown", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(comment.status == 2, "\(comment.stderr)")
        #expect(comment.stdout.hasPrefix("## bcplan: Total: 2 Business Centers: 2 with changes (9 actions).\n"))
        #expect(comment.stdout.count < 65_536 - 100, "fits in one GitHub comment")
        let saved = try BinaryRunner.run(
            ["plan", "-c", "business-centers", "--out", "plans", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(saved.status == 2)
        let applied = try BinaryRunner.run(["apply", "plans", "-c", "business-centers"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasSuffix("Total: 2 Business Centers: 2 applied (9 actions).\n"))
        let after = try BinaryRunner.run(["plan", "-c", "business-centers", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(after.status == 0, "\(after.stdout)")
    }
}
