import BCPlanCore
import Foundation

/// The real console of `apply`: standard output and error, and answers read from the terminal.
final class TerminalConsole: ApplyConsole {
    let isTerminal: Bool
    let canAsk: Bool
    let color: Bool
    /// Ends a question unanswered when the run is asked to stop.
    let stop: StopRequest

    init(environment: [String: String], stop: StopRequest) {
        isTerminal = isatty(1) == 1
        canAsk = TerminalPrompt.isAvailable
        color = ColorChoice.wanted(onTerminal: isTerminal, environment: environment)
        self.stop = stop
    }

    func output(_ text: String) {
        Output.streams.standard(text)
    }

    func notice(_ text: String) {
        Output.streams.error(text)
    }

    func ask(_ prompt: String) -> String? {
        TerminalPrompt.ask(prompt, stop: stop)
    }
}
