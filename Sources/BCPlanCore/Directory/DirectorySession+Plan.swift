import Foundation

extension DirectorySession {
    /// `bcplan plan -c DIR`: one group per Business Center, then a total line; with `--out`, a
    /// directory that gets one `<config name>.plan.json` per config, only when every one planned
    /// without error.
    public func plan(_ request: PlanSession.Request, _ presentation: PlanSession.Presentation) async throws(CommandFailure) -> Int32 {
        if let out = presentation.out, FileManager.default.fileExists(atPath: out), !ConfigDirectory.isDirectory(out) {
            throw .usage("with a directory of configs, --out names a directory for the plans (one <config name>.plan.json each), and \(out) is a file")
        }
        let configs = try await ConfigDirectory.load(directory, jobs: jobs)
        let format = presentation.format
        let keepDocuments = format == .json || presentation.out != nil
        // One comment holds every Business Center: share GitHub's limit between them.
        let markdownBudget = max(4_000, 60_000 / configs.count)
        let outputs = await run(configs, printGroups: format == .text) { entry, config in
            var request = request
            request.configPath = entry.path
            let plan: Plan
            do throws(CommandFailure) {
                plan = try await PlanSession.plan(request, loaded: entry.loaded, config: config)
            } catch {
                return BusinessCenterOutput(config: entry.path, title: entry.title, failure: error)
            }
            let text: String
            switch format {
            case .json: text = ""
            case .markdown: text = MarkdownPlanRenderer(budget: markdownBudget).render(plan)
            case .text: text = PlanRendering.renderer(.text, terminal: presentation.terminal, environment: request.environment).render(plan)
            }
            let document = keepDocuments ? JSONPlanRenderer.document(plan) : nil
            if plan.hasErrors {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: text, stderr: PlanRendering.errorLines(plan, shownWithThePlan: format == .text),
                    exitCode: ExitStatus.failure, status: .failed, document: document)
            }
            return BusinessCenterOutput(
                config: entry.path, title: entry.title, stdout: text,
                exitCode: presentation.detailedExitcode && plan.hasChanges ? ExitStatus.changes : ExitStatus.success,
                status: plan.hasChanges ? .changed(actions: plan.actions.count) : .succeeded, document: document)
        }
        if format != .text {
            printWhole(outputs, json: format == .json, key: "plans", words: .plan)
        }
        let wrote = presentation.out.map { writePlans(outputs, configs: configs, to: $0) } ?? true
        return finish(outputs, words: .plan, printTotal: format == .text, failed: !wrote)
    }

    /// Writes one plan per config into `planDirectory`, only when every config planned without
    /// error, so a directory of plans is always a complete set. False when something could not be
    /// written.
    private func writePlans(_ outputs: [BusinessCenterOutput], configs: [DirectoryConfig], to planDirectory: String) -> Bool {
        let failed = outputs.filter(\.status.isFailure).count
        guard failed == 0 else {
            output.error("error: no plan was written to \(planDirectory), because \(failed) of \(outputs.count) Business Centers failed to plan\n")
            return false
        }
        do {
            try FileManager.default.createDirectory(atPath: planDirectory, withIntermediateDirectories: true)
            for (entry, result) in zip(configs, outputs) {
                guard let document = result.document else { continue }
                try AtomicFile.write(Data(document.rendered().utf8), to: entry.planPath(in: planDirectory))
            }
        } catch {
            output.error("error: cannot write the plans to \(planDirectory): \(error)\n")
            return false
        }
        return true
    }
}
