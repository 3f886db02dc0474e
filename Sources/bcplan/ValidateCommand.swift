import ArgumentParser
import BCPlanCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a config file and print every problem as file:line:col."
    )

    @Option(name: [.customShort("c"), .customLong("config")], help: "The config file.")
    var config = "bcplan.yaml"

    func run() throws {
        let report = ValidationReport(ConfigLoader.load(path: config), path: config)
        Output.error(report.problems)
        guard report.succeeded else { throw ExitCode(1) }
        Output.standard(report.summary + "\n")
    }
}
