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

    func run() throws {
        do {
            let report = try LogSession.run(configPath: config.path, verify: verify, environment: ProcessInfo.processInfo.environment)
            Output.standard(report.stdout)
            Output.error(report.stderr)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        } catch let error as CommandFailure {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
