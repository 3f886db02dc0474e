import ArgumentParser
import BCPlanCore

/// The command-line side of a run over a directory of configs (`-c DIR`): load the configs, run a
/// command for each, print each Business Center's group as soon as it and those before it are
/// done, then the total line; end with the worst exit code.
enum DirectoryCommand {
    /// The configs of `directory`, loaded and checked against each other; prints why not and exits otherwise.
    static func load(_ directory: String, jobs: Int) async throws -> [DirectoryConfig] {
        do {
            return try await ConfigDirectory.load(directory, jobs: jobs)
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }

    /// Runs `body` for every config that can run, `jobs` at a time. With `printGroups` (text
    /// output), prints the groups in config order while the rest still runs.
    static func run(
        _ configs: [DirectoryConfig], jobs: Int, printGroups: Bool = true,
        _ body: @escaping @Sendable (DirectoryConfig, Config) async -> BusinessCenterOutput
    ) async -> [BusinessCenterOutput] {
        var first = true
        return await ConfigDirectory.run(configs, jobs: jobs, body, inOrder: { output in
            guard printGroups else { return }
            let group = DirectoryReport.textGroup(output, first: first)
            first = false
            Output.error(group.stderr)
            Output.standard(group.stdout)
        })
    }

    /// For the formats printed whole at the end: each failed Business Center's errors on stderr under
    /// its heading, then one document, json (the documents under `key`) or markdown (with the total).
    static func printWhole(_ outputs: [BusinessCenterOutput], json: Bool, key: String, words: DirectoryReport.Words) {
        for output in outputs where !output.stderr.isEmpty {
            Output.error(DirectoryReport.heading(output) + "\n" + output.stderr)
        }
        Output.standard(json ? DirectoryReport.json(outputs, key: key) : DirectoryReport.markdown(outputs, words: words))
    }

    /// Prints the total line under the groups (text output) and exits with the worst exit code, or
    /// 1 when the command `failed` after the runs (returns on 0).
    static func finish(
        _ outputs: [BusinessCenterOutput], words: DirectoryReport.Words, printTotal: Bool = true, failed: Bool = false
    ) throws {
        if printTotal { Output.standard("\n" + DirectoryReport.totalLine(outputs, words: words) + "\n") }
        let status = failed ? 1 : DirectoryReport.exitCode(outputs)
        if status != 0 { throw ExitCode(status) }
    }
}
