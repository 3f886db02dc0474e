import Foundation

/// Which part of the record `bcplan history` shows: the access held at one moment, the access
/// held at any time between two moments, or all of it.
public enum HistoryWindow: Sendable, Hashable {
    case always
    case at(Date)
    /// From `since` (included) to `until` (excluded); nil: open on that side.
    case between(since: Date?, until: Date?)

    /// True when an interval from `start` to `end` (nil: still held) overlaps the window.
    func overlaps(start: Date, end: Date?) -> Bool {
        switch self {
        case .always:
            return true
        case .at(let moment):
            return start <= moment && (end.map { moment < $0 } ?? true)
        case .between(let since, let until):
            if let until, start >= until { return false }
            if let since, let end, end <= since { return false }
            return true
        }
    }
}
