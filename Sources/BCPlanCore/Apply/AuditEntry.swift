import Foundation

/// One outcome in the audit log: who did which action when, and how it ended.
///
/// On disk it is one compact JSON object with sorted keys, plus `prev_sha256`, the hex SHA-256 of
/// the previous line (which the log, not the entry, supplies).
public struct AuditEntry: Sendable, Hashable {
    /// RFC 3339.
    public var time: String
    /// Who applied: the configured caller.
    public var actor: String
    /// The plan action's id: "invite:carla@acme.example".
    public var action: String
    /// The plan action's kind: "invite".
    public var kind: String
    public var result: AuditResult
    /// The provider's request id of the last attempt, when it gave one.
    public var requestID: String?
    /// The platform's message or the reason, for a failure, skip or manual step.
    public var message: String?
    /// Calls made (retries included); 0 for a skipped or manual action.
    public var attempts: Int

    public init(
        time: String, actor: String, action: String, kind: String, result: AuditResult, requestID: String? = nil,
        message: String? = nil, attempts: Int
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.kind = kind
        self.result = result
        self.requestID = requestID
        self.message = message
        self.attempts = attempts
    }

    public init(
        time: Date, actor: String, action: String, kind: String, result: AuditResult, requestID: String? = nil,
        message: String? = nil, attempts: Int
    ) {
        self.init(
            time: Clock.format(time), actor: actor, action: action, kind: kind, result: result, requestID: requestID,
            message: message, attempts: attempts)
    }

    /// The line for the log (without its newline), chained to the previous line's hash.
    public func line(previousSHA256: String) -> String {
        JSONValue.object([
            "time": .string(time), "actor": .string(actor), "action": .string(action), "kind": .string(kind),
            "result": .string(result.rawValue), "request_id": requestID.map(JSONValue.string) ?? .null,
            "message": message.map(JSONValue.string) ?? .null, "attempts": .int(attempts),
            "prev_sha256": .string(previousSHA256),
        ]).compact()
    }

    /// Reads one line of the log: the entry and the hash it records for the previous line.
    /// The error is a phrase for `AuditProblem.message`.
    static func parse(line: ArraySlice<UInt8>) throws(LineProblem) -> (entry: AuditEntry, previousSHA256: String) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(line))
        } catch {
            throw LineProblem("the line is not JSON: \(error.message) at column \(error.column)")
        }
        guard case .object(let fields) = json else { throw LineProblem("the line is not a JSON object") }
        func string(_ key: String) throws(LineProblem) -> String {
            guard let value = fields[key] else { throw LineProblem("the entry has no '\(key)'") }
            guard case .string(let text) = value else { throw LineProblem("'\(key)' is not a string") }
            return text
        }
        func optionalString(_ key: String) throws(LineProblem) -> String? {
            switch fields[key] {
            case nil: throw LineProblem("the entry has no '\(key)'")
            case .null?: return nil
            case .string(let text)?: return text
            default: throw LineProblem("'\(key)' is not a string or null")
            }
        }
        let resultText = try string("result")
        guard let result = AuditResult(rawValue: resultText) else {
            throw LineProblem("'result' is '\(resultText)', not succeeded, failed, skipped or manual")
        }
        guard let attemptsValue = fields["attempts"] else { throw LineProblem("the entry has no 'attempts'") }
        guard case .int(let attempts) = attemptsValue, attempts >= 0 else {
            throw LineProblem("'attempts' is not a whole number of at least 0")
        }
        let previous = try string("prev_sha256")
        guard isHexDigest(previous) else { throw LineProblem("'prev_sha256' is not a SHA-256 in lower-case hex") }
        let entry = AuditEntry(
            time: try string("time"), actor: try string("actor"), action: try string("action"), kind: try string("kind"),
            result: result, requestID: try optionalString("request_id"), message: try optionalString("message"),
            attempts: attempts)
        return (entry, previous)
    }

    /// `parse` as a value, for closures.
    static func parsed(line: ArraySlice<UInt8>) -> Result<(entry: AuditEntry, previousSHA256: String), LineProblem> {
        Result { () throws(LineProblem) in try parse(line: line) }
    }

    /// 64 lower-case hex digits.
    static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Why a line is not an entry.
    struct LineProblem: Error {
        var message: String

        init(_ message: String) {
            self.message = message
        }
    }
}
