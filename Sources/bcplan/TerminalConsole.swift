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
        color = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func output(_ text: String) {
        Output.standard(text)
    }

    func notice(_ text: String) {
        Output.error(text)
    }

    func ask(_ prompt: String) -> String? {
        TerminalPrompt.ask(prompt)
    }
}
