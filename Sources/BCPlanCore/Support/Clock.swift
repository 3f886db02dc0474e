import Foundation

/// The current time, from `BCPLAN_NOW` (RFC 3339) when set so runs can be reproduced.
public enum Clock {
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageProblem) -> Date {
        guard let text = environment["BCPLAN_NOW"] else { return Date() }
        guard let date = parse(text) else {
            throw UsageProblem("BCPLAN_NOW='\(text)' is not an RFC 3339 time such as 2026-11-21T12:00:00Z")
        }
        return date
    }

    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `2026-11-21T12:00:00Z`.
    public static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// `2026-11-21`, for messages.
    public static func day(_ date: Date) -> String {
        String(format(date).prefix(10))
    }
}
