import ArgumentParser
import BCPlanCore
import Foundation

struct ForceUnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force-unlock",
        abstract: "Remove the state lock left by a run that has ended.",
        discussion: """
            Removes the lock only when LOCK_ID is its id (the error that reported the lock names it). \
            A lock file that holds no readable id is removed with the id 'corrupt'. With the state in \
            PostgreSQL, the holder, should it still run, can write nothing more afterwards.
            """
    )

    @Argument(help: "The id of the lock to remove.")
    var lockID: String

    @OptionGroup var config: ConfigOption

    func run() throws {
        Output.streams.standard(try StateSession.forceUnlock(
            configPath: config.path, id: lockID, environment: ProcessInfo.processInfo.environment))
    }
}

extension ForceUnlockCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan force-unlock 6E0C5F3A-2B1D-4C8E-9F7A-1D2E3F4A5B6C", "Remove the lock with that id (the error of a blocked run names it)."),
        ("bcplan force-unlock 6E0C5F3A-2B1D-4C8E-9F7A-1D2E3F4A5B6C -c acme.yaml", "The same for the state of acme.yaml."),
    ]
}
