import Testing
@testable import BCPlanCore

/// The end-of-run report says each action left over the way the plan said it.
struct ApplyReportTests {
    private static let partner = "7000000000000000099"

    private static func share(from: Permission?) -> PlanAction {
        PlanAction(
            .share(partner: partner, asset: PlanAssetRef(type: .adAccount, id: "7100000000000000001", key: "us-main"),
                   from: from, to: .level("operator")),
            reason: "test")
    }

    /// A share that changes an existing permission is `~` in the plan; the "Not started" list of
    /// an interrupted run must not turn it into a new share (`+`).
    @Test func notStartedActionsKeepThePlansSymbols() {
        var report = ApplyReport(outcomes: [], calls: 0, businessCenterID: "7000000000000000001")
        report.interruption = .init(signal: .interrupt)
        report.notStarted = [Self.share(from: .level("analyst")), Self.share(from: nil)]
        let lines = report.details.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.count == 3 && lines[1].hasPrefix("  ~ share "), "\(lines)")
        #expect(lines.count == 3 && lines[2].hasPrefix("  + share "), "\(lines)")
    }
}
