import ArgumentParser
import BCPlanCore
import Foundation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a config file and print every problem as file:line:col.",
        discussion: """
            With -c DIR, checks every config in DIR, and also that no two of them share a state file, \
            a Business Center or a name; then prints a total line.
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    @Option(help: "text, or json: one document with every diagnostic, located (schema/validate.schema.json).")
    var format: ReportFormat = .text

    func run() async throws {
        if format == .json {
            // One document for the file or every file of the directory, on standard output only.
            let document = try await ValidationDocument.check(config.path, jobs: jobs.count)
            Output.streams.standard(document.json.rendered())
            try Output.end(document.valid ? ExitStatus.success : ExitStatus.failure)
            return
        }
        if ConfigDirectory.isDirectory(config.path) {
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.validate())
            return
        }
        let loaded = ConfigLoader.load(path: config.path)
        let report = ValidationReport(loaded, path: config.path)
        Output.streams.error(report.problems)
        if report.succeeded { Output.streams.standard(report.summary + "\n") }
        // End the process while the tree is still referenced: freeing a 4,000-member file's nodes
        // one by one costs a tenth of the run, and the kernel reclaims the memory at once.
        withExtendedLifetime(loaded) { Output.exitNow(report.succeeded ? ExitStatus.success : ExitStatus.failure) }
    }
}

extension ValidateCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan validate", "Check bcplan.yaml and print every problem as file:line:col."),
        ("bcplan validate -c business-centers", "Check every config of a folder, and that no two collide."),
        ("bcplan validate --format json > diagnostics.json", "Every diagnostic with its code, as one JSON document for tools."),
    ]
}
