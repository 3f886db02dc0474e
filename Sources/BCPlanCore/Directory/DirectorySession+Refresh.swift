extension DirectorySession {
    /// `bcplan refresh -c DIR`: each Business Center under its own lock, one group each (text) or
    /// one `RefreshDocument` (json), then the total line; the worst exit code (2 for recorded
    /// drift with `--detailed-exitcode`).
    public func refresh(_ request: RefreshSession.Request, format: ReportFormat, detailedExitcode: Bool) async throws(CommandFailure) -> Int32 {
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let outputs = await run(configs, printGroups: format == .text) { entry, config in
            var request = request
            request.configPath = entry.path
            let console = BufferedConsole()
            do throws(CommandFailure) {
                let result = try await RefreshSession.run(
                    request, loaded: entry.loaded, config: config, notice: { console.notice($0 + "\n") })
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: result.text, stderr: console.notices,
                    exitCode: result.exitCode(detailed: detailedExitcode),
                    status: result.driftRecorded ? .changed(actions: result.drift.count) : .succeeded, document: result.json)
            } catch {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stderr: console.notices + error.message, exitCode: error.exitCode,
                    status: .failed)
            }
        }
        switch format {
        case .text:
            return finish(outputs, words: .refresh)
        case .json:
            for failed in outputs where !failed.stderr.isEmpty {
                output.error(DirectoryReport.heading(failed) + "\n" + failed.stderr)
            }
            let exitCode = DirectoryReport.exitCode(outputs)
            let driftRecorded = outputs.contains { output in
                if case .changed = output.status { return true }
                return false
            }
            output.standard(RefreshDocument.json(
                refreshes: outputs.compactMap(\.document), driftRecorded: driftRecorded, failures: DirectoryReport.failures(outputs),
                exitCode: exitCode).rendered())
            return exitCode
        }
    }
}
