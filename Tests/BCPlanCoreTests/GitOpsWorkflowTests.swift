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
        #expect(setup["inputs"]?.keys == ["repository", "version", "sha256", "from-source", "ref"])
        for input in ["repository", "version"] {
            #expect(setup["inputs"]?[input]?["required"]?.scalarValue == "true", "\(input)")
        }
        #expect(setup["inputs"]?["from-source"]?["default"]?.scalarValue == "false", "the package unless asked")
        // Every job hands the action all its inputs, so a repository variable works in every job.
        for name in jobs.keys {
            let job = try #require(jobs[name])
            let step = try #require(steps(job).first { $0["uses"]?.scalarValue == "./.github/actions/setup-bcplan" })
            #expect(step["with"]?.keys == setup["inputs"]?.keys, "\(name)")
        }
    }

    // MARK: The setup action (examples/gitops/.github/actions/setup-bcplan)

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
        let cache = try #require(all.first { $0["uses"]?.scalarValue == "actions/cache@v4" })
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        process.environment = [
            "PATH": "\(folder.path):/usr/bin:/bin", "GITHUB_OUTPUT": outputFile.path,
            "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "ImageOS": "ubuntu24", "ImageVersion": "20260101.1",
            "REPOSITORY": "acme/bcplan", "VERSION": "0.1.0", "SHA256": String(repeating: "ab", count: 32),
            "FROM_SOURCE": "false", "REF": "",
        ].merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var output: [String: String] = [:]
        for line in try String(contentsOf: outputFile, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { output[String(parts[0])] = String(parts[1]) }
        }
        return (process.terminationStatus, output, log)
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
