/// Where a command writes as it runs: standard output and standard error (the command line's own,
/// or a test's buffers).
public protocol CommandOutput: Sendable {
    func standard(_ text: String)
    func error(_ text: String)
}
