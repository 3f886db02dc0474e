import BCPlanCore
import Foundation
import Testing

/// Each folder under Fixtures/errors holds a `bcplan.yaml` and the exact `expected.stderr` of
/// `bcplan validate` on it.
@Suite struct ConfigErrorGoldenTests {
    static let cases = Fixtures.cases(in: "errors")

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func validateReportsExactly(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("errors").appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("bcplan.yaml")))
        let report = ValidationReport(ConfigLoader.decode(bytes: bytes, path: "bcplan.yaml"), path: "bcplan.yaml")
        #expect(!report.succeeded)
        Golden.check(report.problems, against: folder.appendingPathComponent("expected.stderr"))
    }
}
