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
            Output.standard(try StateSession.log(
                configPath: config.path, verify: verify, environment: ProcessInfo.processInfo.environment))
        } catch {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
