import BCPlanYAML

/// One problem or remark about the user's input, with where it is when that is known.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var message: String
    /// What kind of problem it is, stable across releases (`DiagnosticMessage.code`); nil only
    /// for one worded elsewhere (read back from a plan file written before plans carried codes).
    public var code: String?
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, code: String? = nil, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.code = code
        self.location = location
    }

    public init(_ severity: Severity, _ message: some DiagnosticMessage, at location: SourceLocation? = nil) {
        self.init(severity, message.description, code: message.code, at: location)
    }

    public static func error(_ message: some DiagnosticMessage, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    /// `file:line:col: severity: message`, or `severity: message` without a location.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by location (unlocated first), then severity, then message: the order they are printed in.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted { lhs, rhs in
            switch (lhs.location, rhs.location) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (.some(let left), .some(let right)) where left != right: return left < right
            default: return (lhs.severity, lhs.message) < (rhs.severity, rhs.message)
            }
        }
    }
}
