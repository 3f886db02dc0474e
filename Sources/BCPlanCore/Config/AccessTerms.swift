import Foundation

/// Who vouches for one piece of declared access, why, until when, and when someone last looked at
/// it: `owner:`, `reason:`, `expires:` and `reviewed:` on a member, a member's grant, a partner
/// or a share.
public struct AccessTerms: Sendable, Hashable {
    /// The e-mail of a declared member, in lower case.
    public var owner: String?
    /// Free text, e.g. a ticket; display only.
    public var reason: String?
    /// From this moment on the access is removed.
    public var expires: DeclaredTime?
    public var reviewed: DeclaredTime?

    public init(owner: String? = nil, reason: String? = nil, expires: DeclaredTime? = nil, reviewed: DeclaredTime? = nil) {
        self.owner = owner
        self.reason = reason
        self.expires = expires
        self.reviewed = reviewed
    }

    /// True when no key is written.
    public var isEmpty: Bool { owner == nil && reason == nil && expires == nil && reviewed == nil }

    /// The terms of an entry inside `parent` (a grant inside its member, a share inside its
    /// partner): it ends no later than its parent, has the parent's owner and reason unless it
    /// names its own, and counts as reviewed at the later of the two reviews.
    public func within(_ parent: AccessTerms) -> AccessTerms {
        AccessTerms(
            owner: owner ?? parent.owner, reason: reason ?? parent.reason,
            expires: Self.earlier(expires, parent.expires), reviewed: Self.later(reviewed, parent.reviewed))
    }

    /// True from the moment `expires` names.
    public func isExpired(at now: Date) -> Bool {
        guard let expires else { return false }
        return expires.date <= now
    }

    /// `; owner: ana@acme.example; for: CAMP-42`, appended to a plan action's reason; empty
    /// without owner and reason. Line breaks in the reason are shown as spaces.
    public var vouching: String {
        var text = ""
        if let owner { text += "; owner: \(owner)" }
        if let reason { text += "; for: \(Self.oneLine(reason))" }
        return text
    }

    /// `owner: ana@acme.example; for: CAMP-42; expires 2027-01-31`, as the audit shows a path's
    /// declaration; empty when none of the three is declared.
    public var summary: String {
        String((vouching + (expires.map { "; expires \($0)" } ?? "")).dropFirst(2))
    }

    /// Text with every control character (a line break, a tab) shown as a space.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isControlCharacter ? " " : $0 }))
    }

    private static func earlier(_ lhs: DeclaredTime?, _ rhs: DeclaredTime?) -> DeclaredTime? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return rhs.date < lhs.date ? rhs : lhs
    }

    private static func later(_ lhs: DeclaredTime?, _ rhs: DeclaredTime?) -> DeclaredTime? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return rhs.date > lhs.date ? rhs : lhs
    }
}
