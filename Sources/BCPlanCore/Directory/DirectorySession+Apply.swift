import Foundation

extension DirectorySession {
    /// `bcplan apply [PLANS] -c DIR`: each config under its own state lock, either the plans that
    /// `bcplan plan -c DIR --out PLANS` saved, or fresh plans with `--auto-approve`. Output is
    /// grouped by Business Center, then a total line; with json the groups and the total go to
    /// standard error and standard output holds one `ApplyDocument`.
    public func apply(
        _ request: ApplySession.Request, plans planDirectory: String?, format: ReportFormat = .text
    ) async throws(CommandFailure) -> Int32 {
        if let planDirectory, !ConfigDirectory.isDirectory(planDirectory) {
            throw .usage("with a directory of configs, give the directory of plans that bcplan plan -c \(directory) --out PLANS wrote, not the file \(planDirectory)")
        }
        if planDirectory == nil, !request.autoApprove {
            throw .usage("applying a directory of configs asks no questions: review the plans and add --auto-approve, or save them (bcplan plan -c \(directory) --out PLANS), review them, and run bcplan apply PLANS -c \(directory)")
        }
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        if let planDirectory { try checkPlans(in: planDirectory, match: configs) }
        // A stop reaches every Business Center: those running finish what is in flight, those not
        // begun do not begin, and a stop at once still prints what the running ones printed so far.
        let stop = request.stop
        var session = self
        let pending = PendingGroups()
        session.pending = pending
        if format == .json { session.output = StandardErrorOutput(base: output) }
        let groupOutput = session.output
        stop.beforeStoppingAtOnce { pending.flush(to: groupOutput) }
        let outputs = await session.run(configs) { entry, _ in
            if let signal = stop.signal {
                return BusinessCenterOutput(config: entry.path, title: entry.title, notStartedBecauseOf: signal)
            }
            var request = request
            request.configPath = entry.path
            request.planPath = planDirectory.map(entry.planPath(in:))
            let console = BufferedConsole()
            pending.started(config: entry.path, title: entry.title, console: console)
            do throws(CommandFailure) {
                let report = try await ApplySession.run(request, console: console)
                let done = report.count(.succeeded)
                let status: BusinessCenterOutput.Status = report.interruption != nil ? .interrupted
                    : !report.succeeded ? .failed : done > 0 ? .changed(actions: done) : .succeeded
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: console.output + report.text, stderr: console.notices,
                    exitCode: report.exitCode, status: status, document: report.json)
            } catch {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: console.output, stderr: console.notices + error.message,
                    exitCode: error.exitCode, status: StopSignal(exitCode: error.exitCode) != nil ? .interrupted : .failed)
            }
        }
        let worst = session.finish(outputs, words: .apply)
        // Stopped by a signal, the run as a whole ends with the signal's code.
        let exitCode = stop.signal?.exitCode ?? worst
        if format == .json {
            output.standard(ApplyDocument.json(
                applies: outputs.compactMap(\.document), failures: DirectoryReport.failures(outputs.filter { $0.document == nil }),
                interrupted: stop.signal, exitCode: exitCode).rendered())
        }
        return exitCode
    }

    /// Every config has its saved plan, and every saved plan its config; otherwise nothing is applied.
    private func checkPlans(in planDirectory: String, match configs: [DirectoryConfig]) throws(CommandFailure) {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: planDirectory)) ?? [])
        let expected = Set(configs.map(\.planName))
        let missing = configs.filter { !names.contains($0.planName) }.map { $0.planPath(in: planDirectory) }
        let extra = names.filter { $0.hasSuffix(ConfigDirectory.planSuffix) && !expected.contains($0) }.sorted()
            .map { ConfigDirectory.join(planDirectory, $0) }
        var problems: [String] = []
        if !missing.isEmpty {
            problems.append("error: no saved plan for \(missing.count == 1 ? "a config" : "\(missing.count) configs") of \(directory): \(missing.joined(separator: ", ")) missing")
        }
        if !extra.isEmpty {
            problems.append("error: \(extra.joined(separator: ", ")) \(extra.count == 1 ? "matches" : "match") no config in \(directory)")
        }
        guard problems.isEmpty else {
            throw CommandFailure(problems.joined(separator: "\n") + "\nNothing was applied; plan again with bcplan plan -c \(directory) --out \(planDirectory), review, and apply that.")
        }
    }
}
