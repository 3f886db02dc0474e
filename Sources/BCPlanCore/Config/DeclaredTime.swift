import BCPlanYAML
import Foundation

/// A moment written in the config (`expires:`, `reviewed:`): a day, which means the start of that
/// day in UTC, or an RFC 3339 time.
public struct DeclaredTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: Date
    /// True when a day was written (no time of day).
    public var isDay: Bool
    /// Where the value is written.
    public var location: SourceLocation

    public init(date: Date, isDay: Bool, location: SourceLocation) {
        self.date = date
        self.isDay = isDay
        self.location = location
    }

    /// Reads `2027-03-31` (00:00 UTC that day) or an RFC 3339 time; nil for anything else.
    public init?(_ text: String, at location: SourceLocation) {
        if let day = Clock.parseDay(text) {
            self.init(date: day, isDay: true, location: location)
        } else if let time = Clock.parse(text) {
            self.init(date: time, isDay: false, location: location)
        } else {
            return nil
        }
    }

    /// `2027-03-31` for a day, `2027-03-31T18:00:00Z` (in UTC) for a time.
    public var description: String {
        isDay ? Clock.day(date) : Clock.format(date)
    }

    /// Whole days from `now` to this moment, rounded up (1 for anything later today).
    public func daysAfter(_ now: Date) -> Int {
        Int((date.timeIntervalSince(now) / 86_400).rounded(.up))
    }

    /// Whole days from this moment to `now`, rounded down.
    public func daysBefore(_ now: Date) -> Int {
        Int((now.timeIntervalSince(date) / 86_400).rounded(.down))
    }

    public static func < (lhs: DeclaredTime, rhs: DeclaredTime) -> Bool {
        (lhs.date, lhs.location) < (rhs.date, rhs.location)
    }
}
