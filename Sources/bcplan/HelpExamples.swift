import ArgumentParser

/// A command line a user can type, and what it does.
typealias HelpExample = (command: String, purpose: String)

/// The two or three examples that end a command's `--help` (`CommandLineHelp` prints them).
protocol HelpExamples {
    static var examples: [HelpExample] { get }
}
