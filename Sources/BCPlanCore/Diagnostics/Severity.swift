/// How serious a diagnostic is. `error` stops the command; the others are reported.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning
    case info

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
