import ArgumentParser
import BCPlanCore
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show who can reach which asset of the live Business Center, and how.",
        discussion: """
            For every asset, every member and partner that reaches it: by the admin role (admins reach \
            every owned asset), a direct assignment or a partner share, with the permission. Then the \
            findings: pending or exhausted invitations, partners with admin on ad accounts, assets owned \
            by another Business Center, admins outside the policy, members without any access. \
            markdown draws the access graph in Mermaid; dot gives the same graph for Graphviz. \
            With -c DIR every config in the directory is audited (text, markdown or json).
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "text, markdown, csv, json or dot.")
    var format: AuditFormat = .text

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if ConfigDirectory.isDirectory(config.path) {
            try await auditDirectory(environment: environment)
            return
        }
        let report: AccessReport
        do {
            report = try await AuditSession.report(configPath: config.path, environment: environment)
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
        Output.standard(format.renderer.render(report))
    }

    /// One group per Business Center; json gathers the reports under `audits`. CSV and dot have no
    /// way to hold several Business Centers in one document, so they are refused.
    private func auditDirectory(environment: [String: String]) async throws {
        guard format == .text || format == .markdown || format == .json else {
            Output.error("error: with -c DIR, audit prints text, markdown or json; run --format \(format.rawValue) on each config file\n")
            throw ExitCode(64)
        }
        let configs = try await DirectoryCommand.load(config.path, jobs: jobs.count)
        let format = format
        let outputs = await DirectoryCommand.run(configs, jobs: jobs.count, printGroups: format == .text) { entry, config in
            do throws(CommandFailure) {
                let report = try await AuditSession.report(
                    configPath: entry.path, loaded: entry.loaded, config: config, environment: environment)
                // json is printed whole from the documents, so its text is not kept.
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stdout: format == .json ? "" : format.renderer.render(report),
                    exitCode: 0, status: .succeeded, document: format == .json ? JSONAuditRenderer.document(report) : nil)
            } catch {
                return BusinessCenterOutput(config: entry.path, title: entry.title, failure: error)
            }
        }
        if format != .text {
            DirectoryCommand.printWhole(outputs, json: format == .json, key: "audits", words: .audit)
        }
        try DirectoryCommand.finish(outputs, words: .audit, printTotal: format == .text)
    }
}

extension AuditCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan audit", "Who reaches which asset and how, then the findings."),
        ("bcplan audit --format dot | dot -Tsvg > access.svg", "Draw the access graph with Graphviz."),
        ("bcplan audit -c business-centers --format json", "Every Business Center of a folder, for tools."),
    ]
}
