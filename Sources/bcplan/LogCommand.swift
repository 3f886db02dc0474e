import ArgumentParser
import BCPlanCore
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the audit log; --verify checks its hash chain.",
        discussion: """
            The audit log is <state stem>.audit.jsonl beside a state file, or the audit table of the state's \
            PostgreSQL workspace.
            """
    )

    @OptionGroup var config: ConfigOption

    @Flag(help: "Check the hash chain instead of printing the entries; exit 1 naming the first bad line.")
    var verify = false

    @Option(help: "text, or json: one document with the entries or the check (schema/log.schema.json).")
    var format: ReportFormat = .text

    func run() throws {
        let report = try LogSession.run(
            configPath: config.path, verify: verify, format: format, environment: ProcessInfo.processInfo.environment)
        Output.streams.standard(report.stdout)
        Output.streams.error(report.stderr)
        try Output.end(report.exitCode)
    }
}

extension LogCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan log", "Print the audit log, one line per outcome."),
        ("bcplan log --verify", "Check the hash chain; exit 1 naming the first bad line."),
        ("bcplan log --format json", "The entries as one JSON document."),
    ]
}
