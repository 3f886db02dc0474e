import ArgumentParser
import BCPlanCore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the live Business Center as a bcplan.yaml (onboarding).",
        discussion: """
            The config given with -c supplies the provider, the state and the policy; members, partners \
            and assets come from the live Business Center. Prints the file, or writes it with --out \
            (never over the config itself). Notes about what a plan of it would still do go to stderr.
            """
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "Write the exported config to this file (atomically) instead of standard output.")
    var out: String?

    func run() async throws {
        let result = try await ExportSession.run(ExportSession.Request(
            configPath: config.path, outPath: out, environment: ProcessInfo.processInfo.environment))
        for note in result.notes { Output.streams.error("note: \(note)\n") }
        if let written = result.writtenTo {
            Output.streams.error("Wrote the live Business Center to \(written).\n")
        } else {
            Output.streams.standard(result.text)
        }
    }
}

extension ExportCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan export > bcplan.new.yaml", "Write the live Business Center as a config, to start managing it."),
        ("bcplan export -c acme.yaml --out onboarding/acme.yaml", "Write it to a file (atomically), with the paths rebased."),
    ]
}
