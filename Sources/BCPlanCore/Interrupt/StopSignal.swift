import Foundation

/// A signal that stops a run (DESIGN §6): SIGINT (Ctrl-C) or SIGTERM (a supervisor, a CI runner
/// cancelling a job), each with its own exit code.
public enum StopSignal: Sendable, Hashable, CaseIterable {
    case interrupt
    case terminate

    /// The signal's number.
    public var number: Int32 {
        switch self {
        case .interrupt: SIGINT
        case .terminate: SIGTERM
        }
    }

    /// "SIGINT", "SIGTERM".
    public var name: String {
        switch self {
        case .interrupt: "SIGINT"
        case .terminate: "SIGTERM"
        }
    }

    /// 130 for SIGINT, 143 for SIGTERM: 128 plus the signal's number, as shells report a run the
    /// signal ended.
    public var exitCode: Int32 {
        switch self {
        case .interrupt: ExitStatus.interrupted
        case .terminate: ExitStatus.terminated
        }
    }

    /// The signal an exit code stands for, if it stands for one.
    public init?(exitCode: Int32) {
        guard let signal = Self.allCases.first(where: { $0.exitCode == exitCode }) else { return nil }
        self = signal
    }
}
