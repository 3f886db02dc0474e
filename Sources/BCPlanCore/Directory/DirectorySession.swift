/// A command over a directory of configs (`-c DIR`) without the command line: load every config
/// (checked against each other), run the command for each, `jobs` at once, print each Business
/// Center's group in config order as soon as it and those before it are done, then the total
/// line. Each command returns the worst exit code (`DirectoryReport.exitCode`); a directory that
/// cannot run at all is a thrown failure. The commands live in `DirectorySession+Plan`, `+Apply`,
/// `+Audit`, `+Doctor`.
public struct DirectorySession {
    public var directory: String
    public var jobs: Int
    public var output: CommandOutput
    /// `apply -c DIR`: the groups not printed yet, for a stop at once.
    var pending: PendingGroups?

    public init(directory: String, jobs: Int, output: CommandOutput) {
        self.directory = directory
        self.jobs = jobs
        self.output = output
    }

    /// `bcplan validate -c DIR`: each file's summary or problems as for one file (each line names
    /// its file, so no headings), then the total.
    public func validate() async throws(CommandFailure) -> Int32 {
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let outputs = await ConfigDirectory.run(configs, jobs: jobs, { entry, _ in
            let report = ValidationReport(entry.loaded, path: entry.path)
            return BusinessCenterOutput(
                config: entry.path, title: entry.title, stdout: report.summary + "\n", stderr: report.problems, exitCode: ExitStatus.success,
                status: .succeeded)
        }, inOrder: { output in
            self.output.error(output.stderr)
            self.output.standard(output.stdout)
        })
        output.standard(DirectoryReport.totalLine(outputs, words: .validate) + "\n")
        return DirectoryReport.exitCode(outputs)
    }

    // MARK: Shared by the commands

    /// Runs `body` for every config that can run; with `printGroups` (text output), prints the
    /// groups in config order while the rest still runs.
    func run(
        _ configs: [DirectoryConfig], printGroups: Bool = true,
        _ body: @escaping @Sendable (DirectoryConfig, Config) async -> BusinessCenterOutput
    ) async -> [BusinessCenterOutput] {
        var first = true
        return await ConfigDirectory.run(configs, jobs: jobs, body, inOrder: { output in
            guard printGroups else { return }
            let group = DirectoryReport.textGroup(output, first: first)
            first = false
            let print = {
                self.output.error(group.stderr)
                self.output.standard(group.stdout)
            }
            if let pending { pending.printing(output.config, print) } else { print() }
        })
    }

    /// For the formats printed whole at the end: each failed Business Center's errors on stderr under
    /// its heading, then one document, json (the documents under `key`) or markdown (with the total).
    func printWhole(_ outputs: [BusinessCenterOutput], json: Bool, key: String, words: DirectoryReport.Words) {
        for output in outputs where !output.stderr.isEmpty {
            self.output.error(DirectoryReport.heading(output) + "\n" + output.stderr)
        }
        output.standard(json ? DirectoryReport.json(outputs, key: key) : DirectoryReport.markdown(outputs, words: words))
    }

    /// Prints the total line under the groups (text output); the worst exit code, or 1 when the
    /// command `failed` after the runs.
    func finish(_ outputs: [BusinessCenterOutput], words: DirectoryReport.Words, printTotal: Bool = true, failed: Bool = false) -> Int32 {
        if printTotal { output.standard("\n" + DirectoryReport.totalLine(outputs, words: words) + "\n") }
        return failed ? ExitStatus.failure : DirectoryReport.exitCode(outputs)
    }
}
