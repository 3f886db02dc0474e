import ArgumentParser
import Foundation

/// `--jobs N`: how many Business Centers of a directory run at once.
struct JobsOption: ParsableArguments {
    @Option(help: "With -c DIR: how many Business Centers at once (default: the number of processor cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// `--jobs`, or the number of processor cores.
    var count: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }
}
