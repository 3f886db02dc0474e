/// What `bcplan doctor` found for one config, in the order the checks ran.
public struct DoctorReport: Sendable, Hashable {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) {
        self.checks = checks
    }

    public var passed: Bool { checks.allSatisfy(\.passed) }

    /// 1 when a check failed (DESIGN §6).
    public var exitStatus: Int32 { passed ? ExitStatus.success : ExitStatus.failure }

    /// One line per check, then "7 checks, 1 failed.".
    public var text: String {
        let failed = checks.filter { !$0.passed }.count
        return checks.map { TextPlanRenderer.clean($0.line) + "\n" }.joined()
            + "\(checks.count.counted("check")), \(failed) failed.\n"
    }
}
