import ArgumentParser
import BCPlanCore
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes that bring the Business Center to the config.",
        discussion: """
            Reads the config, the recorded state and the live Business Center; writes nothing but --out.

            With -c DIR, plans every config in DIR (--jobs at once) and prints one group per Business Center \
            in file-name order, then a total line; the exit code is the worst of them (1, then 2, then 0). \
            --format json prints {"format_version": 1, "plans": [...], "failures": [...]}. --out then names a \
            directory that gets one <config name>.plan.json per config, and only when every one planned \
            without error (apply them with `bcplan apply PLANS -c DIR`).
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "Also write the plan as JSON to this file, for `bcplan apply PLAN.json` (with -c DIR: a directory of plans).")
    var out: String?

    @Option(help: "text, json or markdown.")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Flag(help: "Plan against the recorded state instead of reading the live Business Center.")
    var noRefresh = false

    @Flag(help: "Allow removing more than policy.max_revoke_fraction of members and partners.")
    var allowMassRevoke = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let request = PlanSession.Request(
            configPath: config.path, refresh: !noRefresh, allowMassRevoke: allowMassRevoke, environment: environment)
        if ConfigDirectory.isDirectory(config.path) {
            try await planDirectory(request)
            return
        }
        let plan: Plan
        do {
            plan = try await PlanSession.plan(request)
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
        let renderer = PlanRendering.renderer(format, terminal: isatty(1) == 1, environment: environment)
        Output.standard(renderer.render(plan))
        if plan.hasErrors {
            Output.error(PlanRendering.errorLines(plan))
            throw ExitCode(1)
        }
        if let out {
            do {
                try SavedPlan.write(plan, to: out)
            } catch {
                Output.error("error: cannot write the plan: \(error)\n")
                throw ExitCode(1)
            }
        }
        if detailedExitcode, plan.hasChanges { throw ExitCode(2) }
    }

    /// `request` with the directory as its config path; each config is planned with its own.
    private func planDirectory(_ request: PlanSession.Request) async throws {
        if let out, FileManager.default.fileExists(atPath: out), !ConfigDirectory.isDirectory(out) {
            Output.error("error: with a directory of configs, --out names a directory for the plans (one <config name>.plan.json each), and \(out) is a file\n")
            throw ExitCode(64)
        }
        let configs = try await DirectoryCommand.load(config.path, jobs: jobs.count)
        let format = format
        let detailedExitcode = detailedExitcode
        let keepDocuments = format == .json || out != nil
        let terminal = isatty(1) == 1
        // One comment holds every Business Center: share GitHub's limit between them.
        let markdownBudget = max(4_000, 60_000 / configs.count)
        let outputs = await DirectoryCommand.run(configs, jobs: jobs.count, printGroups: format == .text) { entry, config in
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
            case .text: text = PlanRendering.renderer(.text, terminal: terminal, environment: request.environment).render(plan)
            }
            let document = keepDocuments ? JSONPlanRenderer.document(plan) : nil
            if plan.hasErrors {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: text, stderr: PlanRendering.errorLines(plan), exitCode: 1,
                    status: .failed, document: document)
            }
            return BusinessCenterOutput(
                config: entry.path, title: entry.title, stdout: text, exitCode: detailedExitcode && plan.hasChanges ? 2 : 0,
                status: plan.hasChanges ? .changed(actions: plan.actions.count) : .succeeded, document: document)
        }
        if format != .text {
            DirectoryCommand.printWhole(outputs, json: format == .json, key: "plans", words: .plan)
        }
        let wrote = out.map { writePlans(outputs, configs: configs, to: $0) } ?? true
        try DirectoryCommand.finish(outputs, words: .plan, printTotal: format == .text, failed: !wrote)
    }

    /// Writes one plan per config into `directory`, only when every config planned without error, so
    /// a directory of plans is always a complete set. False when something could not be written.
    private func writePlans(_ outputs: [BusinessCenterOutput], configs: [DirectoryConfig], to directory: String) -> Bool {
        let failed = outputs.filter { $0.status == .failed }.count
        guard failed == 0 else {
            Output.error("error: no plan was written to \(directory), because \(failed) of \(outputs.count) Business Centers failed to plan\n")
            return false
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (entry, output) in zip(configs, outputs) {
                guard let document = output.document else { continue }
                try AtomicFile.write(Data(document.rendered().utf8), to: entry.planPath(in: directory))
            }
        } catch {
            Output.error("error: cannot write the plans to \(directory): \(error)\n")
            return false
        }
        return true
    }
}

extension PlanCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan plan", "Compare bcplan.yaml with the live Business Center and print the changes."),
        ("bcplan plan --out plan.json --detailed-exitcode", "Save the plan for apply; exit 2 when there are changes."),
        ("bcplan plan -c business-centers --format markdown > plan.md", "One pull-request comment for a folder of configs."),
    ]
}
