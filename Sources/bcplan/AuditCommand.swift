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
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.audit(format, environment: environment))
        } else {
            let report = try await AuditSession.report(configPath: config.path, environment: environment)
            Output.streams.standard(format.renderer.render(report))
        }
    }
}

extension AuditCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan audit", "Who reaches which asset and how, then the findings."),
        ("bcplan audit --format dot | dot -Tsvg > access.svg", "Draw the access graph with Graphviz."),
        ("bcplan audit -c business-centers --format json", "Every Business Center of a folder, for tools."),
    ]
}
