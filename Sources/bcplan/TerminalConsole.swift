import BCPlanCore
import Foundation

/// The real console of `apply`: standard output and error, and answers read from standard input.
final class TerminalConsole: ApplyConsole {
    let isTerminal: Bool
    let color: Bool

    init(environment: [String: String]) {
        isTerminal = isatty(0) == 1 && isatty(1) == 1
        color = ColorChoice.wanted(onTerminal: isTerminal, environment: environment)
    }

    func output(_ text: String) {
        Output.streams.standard(text)
    }

    func notice(_ text: String) {
        Output.streams.error(text)
    }

    func ask(_ prompt: String) -> String? {
        Output.streams.standard(prompt)
        return readLine()
    }
}
