import BCPlanCore
import Foundation

/// The real console of `apply`: standard output and error, and answers read from the terminal.
final class TerminalConsole: ApplyConsole {
    let isTerminal: Bool
    let canAsk: Bool
    let color: Bool
    /// Ends a question unanswered when the run is asked to stop.
    let stop: StopRequest

    /// Sends what apply shows a person (the plan, progress) to standard error, so that standard
    /// output holds only a JSON document.
    let showsOnStandardError: Bool

    init(environment: [String: String], stop: StopRequest, showsOnStandardError: Bool = false) {
        isTerminal = isatty(showsOnStandardError ? 2 : 1) == 1
        canAsk = TerminalPrompt.isAvailable
        color = ColorChoice.wanted(onTerminal: isTerminal, environment: environment)
        self.stop = stop
        self.showsOnStandardError = showsOnStandardError
    }

    func output(_ text: String) {
        if showsOnStandardError { Output.streams.error(text) } else { Output.streams.standard(text) }
    }

    func notice(_ text: String) {
        Output.streams.error(text)
    }

    func ask(_ prompt: String) -> String? {
        TerminalPrompt.ask(prompt, stop: stop)
    }
}
