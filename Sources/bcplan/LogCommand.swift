import ArgumentParser
import BCPlanCore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the audit log; --verify checks its hash chain.",
        discussion: "The audit log is <state stem>.audit.jsonl beside the recorded state."
    )

    @OptionGroup var config: ConfigOption

    @Flag(help: "Check the hash chain instead of printing the entries; exit 1 naming the first bad line.")
    var verify = false

    func run() throws {
        let loaded = ConfigLoader.load(path: config.path)
        guard let statePath = loaded.config?.statePath else {
            Output.error(ValidationReport(loaded, path: config.path).problems)
            throw ExitCode(1)
        }
        let path = AuditLog.path(forState: statePath)
        do {
            if verify {
                // The state records where the log ended, which also catches an edit of the last line.
                let head: AuditHead?
                do {
                    head = try StateFile.read(statePath)?.auditHead
                } catch {
                    Output.error("error: \(error)\n")
                    throw ExitCode(1)
                }
                let verification = try AuditLog.verify(path: path, expectedHead: head)
                guard verification.intact else {
                    Output.error("error: \(verification)\n")
                    throw ExitCode(1)
                }
                Output.standard("\(verification)\n")
            } else {
                let entries = try AuditLog.read(path: path)
                Output.standard(entries.isEmpty ? "No audit log entries yet (\(path)).\n" : AuditLogListing.render(entries))
            }
        } catch let error as AuditLogError {
            if case .missing = error {
                Output.standard("No audit log yet (\(path)).\n")
                return
            }
            Output.error("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
