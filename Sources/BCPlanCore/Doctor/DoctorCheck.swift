/// One line of `bcplan doctor`: what was checked, whether it holds, and what to do when not.
public struct DoctorCheck: Sendable, Hashable {
    public var passed: Bool
    /// "access token", "GET /bc/member/get/", "state bcplan.state.json".
    public var subject: String
    /// What was found, in a few words.
    public var detail: String
    /// What to do about a failure; nil on a pass.
    public var remedy: String?

    public static func ok(_ subject: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(passed: true, subject: subject, detail: detail, remedy: nil)
    }

    public static func fail(_ subject: String, _ detail: String, remedy: String) -> DoctorCheck {
        DoctorCheck(passed: false, subject: subject, detail: detail, remedy: remedy)
    }

    /// "ok    access token: BCPLAN_TIKTOK_TOKEN is set", "FAIL  …: …; what to do".
    public var line: String {
        (passed ? "ok    " : "FAIL  ") + subject + ": " + detail + (remedy.map { "; " + $0 } ?? "")
    }
}
