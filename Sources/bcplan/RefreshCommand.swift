import ArgumentParser
import BCPlanCore
import Foundation

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Record the live Business Center as the state and report drift."
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
    var lockTimeout: Seconds = Seconds(0)

    func run() async throws {
        let result = try await RefreshSession.run(
            configPath: config.path, lockTimeout: lockTimeout.value, notice: { Output.streams.error($0 + "\n") })
        Output.streams.standard(result.text)
    }
}

extension RefreshCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan refresh", "Record the live Business Center as the state, and report drift."),
        ("bcplan refresh --lock-timeout 30s", "Wait up to 30 seconds for another run's state lock."),
    ]
}
