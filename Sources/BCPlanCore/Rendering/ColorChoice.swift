/// Whether text output is coloured (DESIGN §4): only on a terminal, never with `NO_COLOR` or a
/// dumb terminal. The one place that says so.
public enum ColorChoice {
    public static func wanted(onTerminal terminal: Bool, environment: [String: String]) -> Bool {
        terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}
