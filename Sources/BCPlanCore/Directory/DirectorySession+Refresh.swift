extension DirectorySession {
    /// `bcplan refresh -c DIR`: each Business Center under its own lock, one group each (text) or
    /// one `RefreshDocument` (json), then the total line; the worst exit code (2 for recorded
    /// drift with `--detailed-exitcode`).
    public func refresh(_ request: RefreshSession.Request, format: ReportFormat, detailedExitcode: Bool) async throws(CommandFailure) -> Int32 {
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        // A stop reaches every Business Center: those running stop as one refresh does, those not
        // begun do not begin, and a stop at once still prints what the running ones printed so far.
        let stop = request.stop
        var session = self
        let pending = PendingGroups()
        session.pending = pending
        let groupOutput: CommandOutput = format == .json ? StandardErrorOutput(base: output) : output
        stop.beforeStoppingAtOnce { pending.flush(to: groupOutput) }
        let outputs = await session.run(configs, printGroups: format == .text) { entry, config in
            if let signal = stop.signal {
                return BusinessCenterOutput(config: entry.path, title: entry.title, notStartedBecauseOf: signal)
            }
            var request = request
            request.configPath = entry.path
            let console = BufferedConsole()
            pending.started(config: entry.path, title: entry.title, console: console)
            do throws(CommandFailure) {
                let result = try await RefreshSession.run(
                    request, loaded: entry.loaded, config: config, notice: { console.notice($0 + "\n") })
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: result.text, stderr: console.notices,
                    exitCode: result.exitCode(detailed: detailedExitcode),
                    status: result.driftRecorded ? .changed(actions: result.drift.count) : result.first ? .recordedFirst : .succeeded,
                    document: result.json)
            } catch {
                // Interrupted, what happened is its group's text, as for an apply.
                if StopSignal(exitCode: error.exitCode) != nil {
                    return BusinessCenterOutput(
                        config: entry.path, title: entry.title, stdout: error.message, stderr: console.notices, exitCode: error.exitCode,
                        status: .interrupted)
                }
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stderr: console.notices + error.message, exitCode: error.exitCode,
                    status: .failed)
            }
        }
        switch format {
        case .text:
            let worst = finish(outputs, words: .refresh)
            // Stopped by a signal, the run as a whole ends with the signal's code.
            return stop.signal?.exitCode ?? worst
        case .json:
            for failed in outputs where !failed.stderr.isEmpty {
                output.error(DirectoryReport.heading(failed) + "\n" + failed.stderr)
            }
            let exitCode = stop.signal?.exitCode ?? DirectoryReport.exitCode(outputs)
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
