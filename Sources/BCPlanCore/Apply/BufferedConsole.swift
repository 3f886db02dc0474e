import Synchronization

/// A console that keeps what an apply prints instead of showing it, for applies that run side by
/// side (a directory of configs) and print one after the other. It is not a terminal: it never
/// draws a live progress line and has no one to ask.
public final class BufferedConsole: ApplyConsole, Sendable {
    private let buffers = Mutex<(output: String, notices: String)>(("", ""))

    public init() {}

    public var isTerminal: Bool { false }
    public var canAsk: Bool { false }
    public var color: Bool { false }

    /// What went to standard output so far.
    public var output: String { buffers.withLock { $0.output } }
    /// What went to standard error so far.
    public var notices: String { buffers.withLock { $0.notices } }

    public func output(_ text: String) {
        buffers.withLock { $0.output += text }
    }

    public func notice(_ text: String) {
        buffers.withLock { $0.notices += text }
    }

    public func ask(_ prompt: String) -> String? {
        nil
    }
}
