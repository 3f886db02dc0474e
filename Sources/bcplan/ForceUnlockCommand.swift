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
