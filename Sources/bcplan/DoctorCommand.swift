import ArgumentParser
import BCPlanCore
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check, read-only, what a pipeline relies on: token, the token's role, endpoints, state, lock.",
        discussion: """
            One line per check, ok or FAIL with what to do: for kind tiktok, the token is set and \
            accepted, its user is an admin of the Business Center, every read endpoint answers and the \
            request quota holds while the whole Business Center is read; for the mock, its store; then \
            the recorded state and its lock. Writes nothing and takes no lock. Exits 1 when a check \
            fails. With -c DIR every config of the directory is checked.
            """
    )

    @OptionGroup var config: ConfigSelection

    @OptionGroup var jobs: JobsOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if ConfigDirectory.isDirectory(config.path) {
            let session = DirectorySession(directory: config.path, jobs: jobs.count, output: Output.streams)
            try Output.end(await session.doctor(environment: environment))
        } else {
            let report = try await DoctorSession.run(configPath: config.path, environment: environment)
            Output.streams.standard(report.text)
            try Output.end(report.exitStatus)
        }
    }
}

extension DoctorCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan doctor", "Check bcplan.yaml's token, its role, every endpoint, the state and its lock."),
        ("bcplan doctor -c business-centers", "Check every config of a directory, one group each."),
    ]
}
