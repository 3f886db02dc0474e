import ArgumentParser
import BCPlanCore
import Foundation

/// What bcplan adds to swift-argument-parser's own messages: examples at the end of every
/// `--help`, and the nearest command for a mistyped one (`bcplan paln` → `plan`).
enum CommandLineHelp {
    /// Prints what ends the run for `error` (help, version, a usage error, or nothing for an exit
    /// code) as `ParsableCommand.exit(withError:)` does, with bcplan's additions, and exits.
    static func exit(withError error: Error, arguments: [String]) -> Never {
        let code = BCPlan.exitCode(for: error)
        // `bcplan help aply` asks for the help of no command: say so, as for `bcplan aply`.
        if code != .success || arguments.first == "help", let message = unknownCommand(in: arguments) {
            Output.streams.error(message)
            Output.exitNow(ExitStatus.usage)
        }
        var text = BCPlan.fullMessage(for: error)
        // Help starts with its overview; the version and completion scripts do not.
        if code == .success, text.hasPrefix("OVERVIEW:"), let examples = examples(for: command(named: arguments)) {
            while text.hasSuffix("\n") { text.removeLast() }
            text += "\n\n" + examples + "\n"
        }
        if !text.isEmpty {
            if code == .success { Output.streams.standard(text + "\n") } else { Output.streams.error(text + "\n") }
        }
        Output.exitNow(code.rawValue)
    }

    /// The command `arguments` name: the subcommands named at their start (after `help`, which
    /// asks for the help of the command that follows it).
    static func command(named arguments: [String]) -> ParsableCommand.Type {
        var command: ParsableCommand.Type = BCPlan.self
        for (index, argument) in arguments.enumerated() {
            if index == 0, argument == "help" { continue }
            guard let next = command.configuration.subcommands.first(where: { name(of: $0) == argument }) else { break }
            command = next
        }
        return command
    }

    /// "EXAMPLES:" and the command's examples, each with what it does below it.
    static func examples(for command: ParsableCommand.Type) -> String? {
        guard let examples = (command as? HelpExamples.Type)?.examples, !examples.isEmpty else { return nil }
        return "EXAMPLES:\n" + examples.map { "  \($0.command)\n      \($0.purpose)" }.joined(separator: "\n")
    }

    /// The message for a word where a command was expected that names none, with the nearest
    /// command; nil when the arguments name commands all the way (the error is another one).
    static func unknownCommand(in arguments: [String]) -> String? {
        var command: ParsableCommand.Type = BCPlan.self
        var path = ["bcplan"]
        for (index, argument) in arguments.enumerated() {
            if index == 0, argument == "help" { continue }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, command.configuration.defaultSubcommand == nil, !argument.hasPrefix("-") else {
                return nil
            }
            if let next = subcommands.first(where: { name(of: $0) == argument }) {
                command = next
                path.append(argument)
                continue
            }
            let names = subcommands.map(name(of:))
            let prefix = path.joined(separator: " ")
            let hint = Suggestion.closest(to: argument, among: names).map { " (did you mean '\(prefix) \($0)'?)" } ?? ""
            return "error: unknown command '\(prefix) \(argument)'\(hint)\n"
                + "The commands of \(prefix) are: \(names.joined(separator: ", ")). See '\(prefix) --help'.\n"
        }
        return nil
    }

    private static func name(of command: ParsableCommand.Type) -> String {
        command._commandName
    }
}
