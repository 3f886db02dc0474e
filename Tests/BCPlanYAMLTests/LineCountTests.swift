@testable import BCPlanYAML
import Testing

/// The UTF-8 check counts lines in the same pass, exactly as `YAMLParser.lineCount` does.
struct LineCountTests {
    @Test(arguments: [
        "", "a", "\n", "\r", "\r\n", "\n\r", "a\r\nb\rc\nd", "\r\r\n\n", "x\u{85}y", "x\u{2028}y\u{2029}",
        "é\n\u{1F600}\r\n", "end\r", "\n\nlast line without a break", "tab\there\u{0B}\u{0C}",
    ])
    func countsAsLibyamlDoes(_ text: String) {
        let bytes = Array(text.utf8)
        let checked = YAMLParser.checkUTF8(bytes, file: "t.yaml")
        #expect(checked.problem.map { "\($0)" } == nil)
        #expect(checked.lines == YAMLParser.lineCount(bytes), "\(Array(text.unicodeScalars))")
    }
}
