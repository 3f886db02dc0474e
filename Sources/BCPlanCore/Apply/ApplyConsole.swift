/// Where `apply` talks to the person or pipeline running it; the command line supplies the real
/// one, tests a recording one.
public protocol ApplyConsole: AnyObject {
    /// True when standard output is a terminal (a live progress line, colour).
    var isTerminal: Bool { get }
    /// True when a person can answer: standard input is a terminal, wherever standard output goes.
    var canAsk: Bool { get }
    /// Colour for text output.
    var color: Bool { get }
    /// Writes to standard output.
    func output(_ text: String)
    /// Writes to standard error.
    func notice(_ text: String)
    /// Shows `prompt` to the person and reads one line of the answer; nil at end of input.
    func ask(_ prompt: String) -> String?
}
