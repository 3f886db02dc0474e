/// How a scalar was written, so callers can tell `yes` from `"yes"`.
public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded

    /// True for every style except `plain`: the author asked for a string.
    public var isQuoted: Bool { self != .plain }
}
