import BCPlanYAML
import Foundation
import Testing

@Suite struct YAMLParserTests {
    private func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLParseFailure) -> YAMLNode? {
        try YAMLParser.parse(Array(text.utf8), file: "t.yaml", limits: limits)
    }

    private func problems(_ text: String, limits: YAMLLimits = .default) -> [String] {
        problems(Array(text.utf8), limits: limits)
    }

    private func problems(_ bytes: [UInt8], limits: YAMLLimits = .default) -> [String] {
        do {
            _ = try YAMLParser.parse(bytes, file: "t.yaml", limits: limits)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func locationsAreOneBasedAndOrderIsKept() throws {
        let root = try #require(try parse("b: 1\na:\n  - x\n  - \"y\"\n"))
        guard case .mapping(let pairs) = root.kind else { Issue.record("not a mapping"); return }
        #expect(pairs.map { $0.key.scalarValue } == ["b", "a"])
        #expect(pairs[0].key.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
        #expect(pairs[0].value.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
        guard case .sequence(let items) = pairs[1].value.kind else { Issue.record("not a list"); return }
        #expect(items[1].location == SourceLocation(file: "t.yaml", line: 4, column: 5))
    }

    @Test func scalarStylesAreKept() throws {
        let root = try #require(try parse("a: yes\nb: \"yes\"\nc: 'x'\nd: |\n  text\ne: >\n  folded\nf: 7000000000000000001\n"))
        guard case .mapping(let pairs) = root.kind else { Issue.record("not a mapping"); return }
        let styles = pairs.map { pair -> ScalarStyle? in
            if case .scalar(_, let style) = pair.value.kind { return style }
            return nil
        }
        #expect(styles == [.plain, .doubleQuoted, .singleQuoted, .literal, .folded, .plain])
        #expect(pairs[5].value.scalarValue == "7000000000000000001")
    }

    @Test func scalarsMayHoldNUL() throws {
        let root = try #require(try parse("a: \"x\\0y\"\n"))
        guard case .mapping(let pairs) = root.kind else { Issue.record("not a mapping"); return }
        #expect(pairs[0].value.scalarValue == "x\u{0}y")
    }

    @Test func emptyInputIsNoDocument() throws {
        #expect(try parse("") == nil)
        #expect(try parse("# only a comment\n") == nil)
    }

    @Test func duplicateKeysNameBothPlaces() {
        #expect(problems("a: 1\nb: 2\na: 3\nb: 4\n") == [
            "t.yaml:3:1: error: duplicate key 'a' (first defined at t.yaml:1:1)",
            "t.yaml:4:1: error: duplicate key 'b' (first defined at t.yaml:2:1)",
        ])
    }

    @Test func moreThanOneDocumentIsRefused() {
        #expect(problems("a: 1\n---\nb: 2\n") == [
            "t.yaml:2:1: error: the file holds more than one YAML document; a bcplan file is exactly one",
        ])
    }

    @Test func syntaxErrorsCarryLibyamlText() {
        let found = problems("a: [1, 2\nb: 3\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("t.yaml:") == true)
        #expect(found.first?.contains("did not find expected ',' or ']'") == true)
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array("a: ok\nb: x".utf8)
        bytes.append(0xC3)
        bytes.append(0x28)
        #expect(problems(bytes) == ["t.yaml:2:5: error: invalid UTF-8: byte 0xC3 does not start a valid character"])
    }

    @Test func controlCharactersAreRefusedByLibyaml() {
        let found = problems(Array("a: x\u{0}y\n".utf8))
        #expect(found.count == 1)
        #expect(found.first?.contains("control characters are not allowed") == true)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let root = try #require(try YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "t.yaml"))
        guard case .mapping(let pairs) = root.kind else { Issue.record("not a mapping"); return }
        #expect(pairs.first?.key.scalarValue == "a")
    }

    @Test func utf16IsRefusedAtItsByteOrderMark() {
        let text = "a: 1\n"
        #expect(problems([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) == [
            "t.yaml:1:1: error: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8",
        ])
        #expect(problems([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).count == 1)
    }

    @Test func byteOrderMarkInsideTheFileIsALocatedError() {
        let found = problems(Array("a: 1\n\u{FEFF}b: 2\n".utf8))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("t.yaml:2:") == true, "\(found)")
    }

    @Test func oversizedFileIsRefusedBeforeParsing() {
        let limits = YAMLLimits(maxBytes: 10)
        #expect(problems("a: 12345678901\n", limits: limits) == [
            "t.yaml:1:1: error: the file is 15 bytes, more than the limit of 10 bytes",
        ])
    }

    @Test func billionLaughsIsRefused() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("expands to more than 4000000 nodes") == true)
    }

    @Test func deepNestingStopsAtTheLimit() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let found = problems(text)
        #expect(found == ["t.yaml:1:257: error: nesting deeper than 256 levels; a bcplan file needs fewer than 10"])
    }

    @Test func foreignTagsAreRefused() {
        #expect(problems("a: !!python/object:os.system x\n") == [
            "t.yaml:1:4: error: unsupported tag '!!python/object:os.system'; bcplan files use plain YAML values only",
        ])
        #expect(problems("a: !!str 12\n").isEmpty)
    }

    @Test func aliasesExpandAndMergeKeysApply() throws {
        let root = try #require(try parse("base: &b {role: standard, finance: analyst}\nm:\n  <<: *b\n  role: admin\n"))
        guard case .mapping(let pairs) = root.kind, case .mapping(let merged) = pairs[1].value.kind else {
            Issue.record("not mappings")
            return
        }
        #expect(merged.map { $0.key.scalarValue } == ["role", "finance"])
        #expect(merged.map { $0.value.scalarValue } == ["admin", "analyst"])
    }

    @Test func undefinedAliasIsRefused() {
        #expect(problems("a: *nothing\n").count == 1)
    }
}
