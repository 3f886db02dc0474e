@testable import BCPlanCore
import Testing

@Suite struct DirectoryReportTests {
    private func output(_ config: String, _ exitCode: Int32, _ status: BusinessCenterOutput.Status) -> BusinessCenterOutput {
        BusinessCenterOutput(config: config, title: nil, exitCode: exitCode, status: status)
    }

    @Test(arguments: [
        ([0, 0], 0), ([0, 2], 2), ([2, 1, 0], 1), ([64, 0, 2], 64), ([64, 64], 64), ([64, 1], 1), ([2, 2], 2),
    ] as [([Int32], Int32)])
    func exitCodeIsTheWorst(codes: [Int32], expected: Int32) {
        let outputs = codes.enumerated().map { output("c\($0.offset).yaml", $0.element, $0.element == 0 ? .succeeded : .failed) }
        #expect(DirectoryReport.exitCode(outputs) == expected)
    }

    @Test func totalLineCountsEachKindAndNamesTheFailures() {
        let outputs = [
            output("bcs/a.yaml", 0, .changed(actions: 3)), output("bcs/b.yaml", 1, .failed),
            output("bcs/c.yaml", 0, .succeeded), output("bcs/d.yaml", 0, .changed(actions: 1)), output("bcs/e.yaml", 64, .failed),
        ]
        #expect(DirectoryReport.totalLine(outputs, words: .plan)
            == "Total: 5 Business Centers: 2 with changes (4 actions), 1 without changes, 2 failed (bcs/b.yaml, bcs/e.yaml).")
        #expect(DirectoryReport.totalLine(outputs, words: .apply)
            == "Total: 5 Business Centers: 2 applied (4 actions), 1 without changes, 2 failed (bcs/b.yaml, bcs/e.yaml).")
        #expect(DirectoryReport.totalLine([output("a.yaml", 0, .succeeded)], words: .validate) == "Total: 1 config: 1 valid.")
    }

    @Test func headingNamesTheConfigAndItsBusinessCenterWithoutControlCharacters() {
        var named = output("bcs/a.yaml", 0, .succeeded)
        named.title = "Acme\u{1B}[31m (7000000000000000001)"
        #expect(DirectoryReport.heading(named) == "== bcs/a.yaml: Acme\\u{1B}[31m (7000000000000000001) ==")
        #expect(DirectoryReport.heading(output("bcs/b.yaml", 1, .failed)) == "== bcs/b.yaml ==")
    }

    @Test func aFencedErrorCannotEndItsBlockEarly() {
        #expect(DirectoryReport.fenced("a ~~~ b") == "~~~~\na ~~~ b\n~~~~\n")
        #expect(DirectoryReport.fenced("plain\n") == "~~~\nplain\n~~~\n")
    }

    @Test func joinKeepsThePathAsWritten() {
        #expect(ConfigDirectory.join("bcs", "a.yaml") == "bcs/a.yaml")
        #expect(ConfigDirectory.join("bcs/", "a.yaml") == "bcs/a.yaml")
        #expect(ConfigDirectory.join(".", "a.yaml") == "a.yaml")
        #expect(ConfigDirectory.list(["a", "b", "c"]) == "a, b and c")
    }
}
