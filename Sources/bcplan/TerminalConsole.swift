import BCPlanCore
import Foundation

/// The real console of `apply`: standard output and error, and answers read from standard input.
final class TerminalConsole: ApplyConsole {
    let isTerminal: Bool
    let color: Bool

    init(environment: [String: String]) {
        isTerminal = isatty(0) == 1 && isatty(1) == 1
        color = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func output(_ text: String) {
        Output.standard(text)
    }

    func notice(_ text: String) {
        Output.error(text)
    }

    func ask(_ prompt: String) -> String? {
        Output.standard(prompt)
        return readLine()
    }
}
