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

    /// The eight-bytes-at-a-time count of ASCII files agrees with the byte-by-byte one on every
    /// length around a word and every place of a line break, CR or non-ASCII byte.
    @Test func countsASCIIFilesWordByWordAsByteByByte() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet: [UInt8] = [0x61, 0x20, 0x0A, 0x0A, 0x0D, 0x09, 0x7F, 0x00, 0xC3, 0xA9, 0x85]
        var wordCounted = 0
        for length in 0..<70 {
            for _ in 0..<60 {
                let bytes = (0..<length).map { _ -> UInt8 in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    // Mostly plain ASCII with line feeds, sometimes a CR or a non-ASCII byte.
                    let pick = Int(state >> 33) % 100
                    return pick < 94 ? alphabet[pick % 4 == 0 ? 2 : (pick % 2 == 0 ? 0 : 1)] : alphabet[pick % alphabet.count]
                }
                if let lines = YAMLParser.asciiLineCount(bytes) {
                    wordCounted += 1
                    #expect(lines == YAMLParser.lineCount(bytes), "\(bytes)")
                }
                let checked = YAMLParser.checkUTF8(bytes, file: "t.yaml")
                if checked.problem == nil { #expect(checked.lines == YAMLParser.lineCount(bytes), "\(bytes)") }
            }
        }
        #expect(wordCounted > 1_000)
    }
}
