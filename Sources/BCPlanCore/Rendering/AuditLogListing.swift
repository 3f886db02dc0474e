/// What `bcplan log` prints: one aligned line per audit entry, oldest first.
///
/// `2026-11-21T12:00:01Z  alice@acme.example  succeeded  invite:carla@acme.example  (request mock-000017)`;
/// the request id and retries in parentheses, then the message, when there are any. No trailing
/// spaces; newlines inside a message are shown as spaces.
public enum AuditLogListing {
    public static func render(_ entries: [AuditEntry]) -> String {
        let rows = entries.map { entry -> [String] in
            var details: [String] = []
            if let requestID = entry.requestID { details.append("request \(requestID)") }
            if entry.attempts > 1 { details.append("\(entry.attempts) attempts") }
            var tail = details.isEmpty ? "" : "(\(details.joined(separator: ", ")))"
            if let message = entry.message, !message.isEmpty {
                let oneLine = message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
                tail += tail.isEmpty ? oneLine : " \(oneLine)"
            }
            return [entry.time, entry.actor, entry.result.rawValue, entry.action, tail]
        }
        return TextColumns.render(rows)
    }
}
