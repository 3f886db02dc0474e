import ArgumentParser
import BCPlanCore
import Foundation

/// `bcplan state list|show|history|pull|push`: the recorded state in either backend.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Inspect the recorded state, or move it between backends.",
        discussion: """
            The state lives where the config's state: says: a file (the default) or a PostgreSQL workspace. \
            pull writes it as a state file; push makes such a file (and the audit log beside it) the recorded state.
            """,
        subcommands: [List.self, Show.self, History.self, Pull.self, Push.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the workspaces: serial, last apply, who holds the lock.")

        @OptionGroup var config: ConfigOption

        func run() throws {
            Output.streams.standard(try StateSession.list(
                configPath: config.path, environment: ProcessInfo.processInfo.environment))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the current state as JSON.")

        @OptionGroup var config: ConfigOption

        func run() throws {
            Output.streams.standard(try StateSession.show(
                configPath: config.path, environment: ProcessInfo.processInfo.environment))
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "List past serials, newest first.")

        @OptionGroup var config: ConfigOption

        @Option(help: "Show at most this many serials.")
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            Output.streams.standard(try StateSession.history(
                configPath: config.path, limit: limit, environment: ProcessInfo.processInfo.environment))
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the state as a state file, or write it and its audit log to --out.")

        @OptionGroup var config: ConfigOption

        @Option(help: "Write the state here (mode 0600), and the audit log beside it as <stem>.audit.jsonl.")
        var out: String?

        func run() throws {
            Output.streams.standard(try StateSession.pull(
                configPath: config.path, out: out, environment: ProcessInfo.processInfo.environment))
        }
    }

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a state file and the audit log beside it the recorded state.",
            discussion: """
                The audit log's hash chain must verify against the file. Refused, with nothing changed, when the \
                recorded state has another lineage or a higher serial, or its audit log is not a beginning of the \
                file's; --force pushes anyway (the replaced audit log is kept aside).
                """)

        @Argument(help: "A state file, as bcplan state pull --out writes it.")
        var file: String

        @OptionGroup var config: ConfigOption

        @Flag(help: "Push even another lineage, a lower serial or a log that does not continue the recorded one.")
        var force = false

        @Option(help: "How long to wait for another run's state lock, in seconds (e.g. 30 or 30s).")
        var lockTimeout: Seconds = Seconds(0)

        func run() throws {
            Output.streams.standard(try StateSession.push(
                configPath: config.path, file: file, force: force, lockTimeout: lockTimeout.value,
                environment: ProcessInfo.processInfo.environment, notice: { Output.streams.error($0 + "\n") }))
        }
    }
}

extension StateCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state list", "The workspaces: serial, last apply, who holds the lock."),
        ("bcplan state pull --out moved.json", "Write the state to moved.json and its audit log beside it."),
        ("bcplan state push moved.json", "Make moved.json and its audit log the recorded state of the config's backend."),
    ]
}

extension StateCommand.List: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state list", "The state of bcplan.yaml: serial, last apply, who holds the lock."),
        ("bcplan state list -c acme.yaml", "Every workspace of acme.yaml's PostgreSQL schema."),
    ]
}

extension StateCommand.Show: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state show", "The recorded state as JSON, as a state file holds it."),
        ("bcplan state show -c acme.yaml > acme.state.json", "Save acme.yaml's recorded state to a file."),
    ]
}

extension StateCommand.History: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state history", "Every past serial, newest first."),
        ("bcplan state history --limit 5", "The last five."),
    ]
}

extension StateCommand.Pull: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state pull > state.json", "The state as a state file, on standard output."),
        ("bcplan state pull --out moved.json", "The state into moved.json, its audit log into moved.audit.jsonl."),
    ]
}

extension StateCommand.Push: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan state push moved.json", "Make moved.json and moved.audit.jsonl the recorded state."),
        ("bcplan state push moved.json --force --lock-timeout 30s", "The same over another lineage or a higher serial, waiting up to 30 s for the lock."),
    ]
}
