import BCPlanCore
import Foundation

/// The real console of `apply`: standard output and error, and answers read from the terminal.
final class TerminalConsole: ApplyConsole {
    let isTerminal: Bool
    let canAsk: Bool
    let color: Bool

    init(environment: [String: String]) {
        isTerminal = isatty(1) == 1
        canAsk = TerminalPrompt.isAvailable
        color = ColorChoice.wanted(onTerminal: isTerminal, environment: environment)
    }

    func output(_ text: String) {
        Output.streams.standard(text)
    }

    func notice(_ text: String) {
        Output.streams.error(text)
    }

    func ask(_ prompt: String) -> String? {
        TerminalPrompt.ask(prompt)
    }
}
