import Foundation
import Testing

/// Every command's `--help` ends with two or three examples that use only its own options; a
/// mistyped command gets the nearest one.
@Suite struct HelpTests {
    /// The commands `bcplan --help` lists, and the subcommands of `mock` and `state`.
    static func commands() throws -> [[String]] {
        let help = try BinaryRunner.run(["--help"]).stdout
        let after = try #require(help.components(separatedBy: "SUBCOMMANDS:\n").last)
        let section = try #require(after.components(separatedBy: "\n\n").first)
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        return [[]] + names.map { [$0] } + [["mock", "accept"], ["mock", "reject"]]
            + ["list", "show", "history", "pull", "push"].map { ["state", $0] }
    }

    @Test func everyCommandIsCovered() throws {
        let commands = try Self.commands().map { $0.joined(separator: " ") }
        #expect(commands.count == 23, "\(commands)")
        #expect(commands.contains("validate") && commands.contains("force-unlock") && commands.contains("mock accept"))
        #expect(commands.contains("doctor") && commands.contains("state") && commands.contains("state push"))
        #expect(commands.contains("review") && commands.contains("history"))
    }

    @Test func everyHelpEndsWithTwoOrThreeExamplesOfItsOwnOptions() throws {
        let commands = try Self.commands()
        var helps: [[String]: String] = [:]
        for command in commands { helps[command] = try BinaryRunner.run(command + ["--help"]).stdout }
        for command in commands {
            let name = (["bcplan"] + command).joined(separator: " ")
            let help = try #require(helps[command])
            let parts = help.components(separatedBy: "\nEXAMPLES:\n")
            try #require(parts.count == 2, "\(name) --help has no EXAMPLES section at its end")
            let lines = parts[1].split(separator: "\n", omittingEmptySubsequences: true)
            let examples = lines.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.map { String($0.dropFirst(2)) }
            #expect((2...3).contains(examples.count), "\(name): \(examples)")
            #expect(lines.count == examples.count * 2, "\(name): each example has one line saying what it does, and nothing follows")
            for example in examples {
                #expect(example == name || example.hasPrefix(name + " "), "\(name): \(example)")
                // Every option an example uses is one of the command it runs.
                let words = example.split(separator: " ").prefix { $0 != "|" && $0 != ">" }.map(String.init)
                let target = commands.filter { words.dropFirst().starts(with: $0) }.max { $0.count < $1.count }
                let options = try #require(helps[target ?? []])
                for word in words where word.hasPrefix("-") {
                    #expect(options.contains(" \(word) ") || options.contains(" \(word),") || options.contains(", \(word) "),
                            "\(name): '\(word)' in '\(example)' is not an option of the command")
                }
            }
            #expect(try BinaryRunner.run(["help"] + command).stdout == help, "bcplan help \(command) prints the same")
        }
    }

    @Test(arguments: [
        (["paln"], "error: unknown command 'bcplan paln' (did you mean 'bcplan plan'?)\nThe commands of bcplan are: validate, plan, apply, show, refresh, export, audit, review, history, doctor, log, force-unlock, state, schema, mock. See 'bcplan --help'.\n"),
        (["valdiate", "-c", "x.yaml"], "error: unknown command 'bcplan valdiate' (did you mean 'bcplan validate'?)\nThe commands of bcplan are: validate, plan, apply, show, refresh, export, audit, review, history, doctor, log, force-unlock, state, schema, mock. See 'bcplan --help'.\n"),
        (["mock", "acept", "--all"], "error: unknown command 'bcplan mock acept' (did you mean 'bcplan mock accept'?)\nThe commands of bcplan mock are: accept, reject. See 'bcplan mock --help'.\n"),
        (["state", "lst"], "error: unknown command 'bcplan state lst' (did you mean 'bcplan state list'?)\nThe commands of bcplan state are: list, show, history, pull, push. See 'bcplan state --help'.\n"),
        (["help", "aply"], "error: unknown command 'bcplan aply' (did you mean 'bcplan apply'?)\nThe commands of bcplan are: validate, plan, apply, show, refresh, export, audit, review, history, doctor, log, force-unlock, state, schema, mock. See 'bcplan --help'.\n"),
        (["xyzzy"], "error: unknown command 'bcplan xyzzy'\nThe commands of bcplan are: validate, plan, apply, show, refresh, export, audit, review, history, doctor, log, force-unlock, state, schema, mock. See 'bcplan --help'.\n"),
    ])
    func anUnknownCommandSuggestsTheNearest(_ arguments: [String], _ expected: String) throws {
        let outcome = try BinaryRunner.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == expected)
    }

    @Test func otherUsageErrorsAndTheVersionAreUnchanged() throws {
        let unknownOption = try BinaryRunner.run(["validate", "--bogus"])
        #expect(unknownOption.status == 64)
        #expect(unknownOption.stderr.hasPrefix("Error: Unknown option '--bogus'."))
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.contains("EXAMPLES"))
    }
}
