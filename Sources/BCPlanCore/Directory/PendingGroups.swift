import Synchronization

/// The groups of `apply -c DIR` not printed yet, with what each Business Center that runs has
/// printed so far: a stop at once (the second signal) prints them before the process ends, so
/// the progress of every Business Center still running stays in the output.
///
/// Groups print in config order as they finish (`DirectorySession.run`); printing a group and
/// the final flush take the same lock, so no group is printed twice or cut in half.
final class PendingGroups: Sendable {
    private struct Running {
        var config: String
        var title: String?
        var console: BufferedConsole
    }

    private struct State {
        var running: [Running] = []
        var printed: Set<String> = []
        var flushed = false
    }

    private let state = Mutex(State())

    /// A Business Center began; `console` collects what it prints.
    func started(config: String, title: String?, console: BufferedConsole) {
        state.withLock { $0.running.append(Running(config: config, title: title, console: console)) }
    }

    /// Prints a finished group through `print`, unless the final flush came first.
    func printing(_ config: String, _ print: () -> Void) {
        state.withLock { state in
            guard !state.flushed else { return }
            state.printed.insert(config)
            print()
        }
    }

    /// Prints every group that began and is not printed yet: its heading, what it printed so far,
    /// and that it was stopped at once; then nothing more prints.
    func flush(to output: CommandOutput) {
        state.withLock { state in
            guard !state.flushed else { return }
            state.flushed = true
            for group in state.running.sorted(by: { $0.config < $1.config }) where !state.printed.contains(group.config) {
                let heading = BusinessCenterOutput(config: group.config, title: group.title, exitCode: 0, status: .interrupted)
                var text = "\n" + DirectoryReport.heading(heading) + "\n\n" + group.console.output
                if !text.hasSuffix("\n") { text += "\n" }
                output.standard(text + "Stopped at once by a second signal; what it recorded stays.\n")
                if !group.console.notices.isEmpty { output.error(DirectoryReport.heading(heading) + "\n" + group.console.notices) }
            }
        }
    }
}
