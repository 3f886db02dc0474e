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

    /// libyaml's syntax errors, each in bcplan's words and placed at its cause.
    @Test(arguments: [
        // An unclosed quote: at the quote, whether nothing closes it or a later quote does.
        ("a: \"x\nb: y\n", "t.yaml:1:4: error: the \" opened here is never closed: no \" follows before the end of the file; close the value on this line"),
        ("a: 'x\nb: y\nc: 'z'\n", "t.yaml:1:4: error: the ' opened here is not closed on its line, so YAML reads on to the next ' (line 3, column 4) and cannot make sense of what follows it; close the value on this line"),
        ("a: [\"x, y]\nb: \"z\"\n", "t.yaml:1:5: error: the \" opened here is not closed on its line, so YAML reads on to the next \" (line 2, column 4) and cannot make sense of what follows it; close the value on this line"),
        ("a: \"x\n---\nb: 1\n", "t.yaml:1:4: error: the \" opened here is never closed: the value runs on to the document marker on line 2; close it on this line"),
        ("a: 'O'Brien'\n", "t.yaml:1:7: error: text after the closing ' of a quoted value, which ends there; to put a ' inside the value, write it twice: ''"),
        // Brackets: unclosed at the bracket, however deep; a missing comma; one too many.
        ("a: [1, 2\nb: 3\n", "t.yaml:1:4: error: the list opened with '[' here is never closed: YAML reads on, looking for ',' or ']', and gives up at line 2, column 2; close it with ']'"),
        ("a: [1, [2, 3]\nb: 3\n", "t.yaml:1:4: error: the list opened with '[' here is never closed: YAML reads on, looking for ',' or ']', and gives up at line 2, column 1; close it with ']'"),
        ("a: {b: 1, c: 2\nd: 3\n", "t.yaml:1:4: error: the mapping opened with '{' here is never closed: YAML reads on, looking for ',' or '}', and gives up at line 2, column 2; close it with '}'"),
        ("a: [\"x\",\n  \"y\"\n  \"z\"]\n", "t.yaml:3:3: error: expected ',' or ']' here: items of the list opened at line 1, column 4 are separated by commas"),
        ("a: [x]]\n", "t.yaml:1:7: error: this ']' closes nothing: no '[' is open here"),
        ("a: }\n", "t.yaml:1:4: error: this '}' closes nothing: no '{' is open here"),
        // Tabs, named as tabs where they are.
        ("a:\n\tb: 1\n", "t.yaml:2:1: error: a tab character indents this line; YAML indents with spaces only"),
        ("a:\n  b: 1\n  \tc: 2\n", "t.yaml:3:3: error: a tab character indents this line; YAML indents with spaces only"),
        ("a: |\n  x\n\ty\n", "t.yaml:3:1: error: a tab character indents this line; YAML indents with spaces only"),
        // Indentation and the ':' and '-' that YAML cannot place.
        ("a:\n  b: \"1\"\n   c: 2\n", "t.yaml:3:4: error: this line is indented to column 4, deeper than the key before it, 'b' at line 2, column 3, which already has a value; indent it like the key it belongs with"),
        ("a:\n    b: 1\n  c: 2\n", "t.yaml:3:3: error: this line is indented to column 3, which lines up with no key above it (the key before it, 'b' at line 2, starts at column 5); indent it like the key it belongs with"),
        ("a: x\n  y\n  z: 1\n", "t.yaml:3:3: error: this line is indented deeper than line 1, so YAML reads it as more text of the value there, where no key can start; indent it like the key it belongs with"),
        ("a: x\n  b: y\n", "t.yaml:2:3: error: this line is indented deeper than line 1, so YAML reads it as more text of the value there, where no key can start; indent it like the key it belongs with"),
        ("a: x: y\n", "t.yaml:1:5: error: ': ' inside a value starts a key, which YAML does not allow here; quote the value if the ':' belongs to it, or put the next key on a line of its own"),
        ("a:\n  b\n  c: 1\n", "t.yaml:2:3: error: 'b' has no ':' after it; each line of a mapping is 'key: value' (a value that runs on must be indented deeper than its key)"),
        ("a:\n  b: 1\n  c\n", "t.yaml:3:3: error: 'c' has no ':' after it; each line of a mapping is 'key: value' (a value that runs on must be indented deeper than its key)"),
        ("a: 1\n- b\n", "t.yaml:2:1: error: a list item ('- ') where the mapping that starts at line 1, column 1 expects a key; a list belongs under a key, on the lines below it"),
        ("a:\n  - x\n  b: 1\n", "t.yaml:3:3: error: this line lines up with the items of the list at line 2, column 3 but does not start with '- '; start a new item with '- ', or indent the line to belong to the item above"),
        ("a:\n  - b: 1\n   c: 2\n", "t.yaml:3:4: error: this line is indented to column 4, which lines up with no key above it (the key before it, 'b' at line 2, starts at column 5); indent it like the key it belongs with"),
        ("a: - b\n", "t.yaml:1:4: error: a list item ('- ') cannot start on the line of its key; put each item on a line of its own below the key"),
        ("a: [b] c\n", "t.yaml:1:8: error: text after the end of a value; a line holds one 'key: value' or one '- item'"),
        // Characters YAML gives a meaning.
        ("a: \"C:\\path\"\n", "t.yaml:1:7: error: '\\p' is not an escape sequence of a double-quoted value; write '\\\\' for a backslash, or use single quotes, where '\\' has no special meaning"),
        ("a: @x\n", "t.yaml:1:4: error: a value cannot start with '@' (YAML reserves it); quote the value"),
        ("a: ,\n", "t.yaml:1:4: error: expected a value here, found ','; quote the value if it starts with that character"),
        ("a: *\n", "t.yaml:1:4: error: '*' starts an alias and needs a name right after it; quote the value if '*' is part of it"),
        ("a: !x!y z\n", "t.yaml:1:4: error: unsupported tag '!x!y'; bcplan files use plain YAML values only"),
        ("a: 1\n\u{FEFF}b: 2\n", "t.yaml:2:1: error: a byte order mark (U+FEFF) inside the file; it may only be the file's first character, so remove it"),
        // What has no better words keeps libyaml's.
        ("%YAML 2.0\n---\na: 1\n", "t.yaml:1:1: error: found incompatible YAML document"),
    ])
    func syntaxErrorsAreExplainedWhereTheCauseIs(_ text: String, _ expected: String) {
        #expect(problems(text) == [expected])
    }

    @Test(arguments: [
        ("a: \"x\n", "yaml_unclosed_quote"), ("a: [1\nb: 2\n", "yaml_unclosed_bracket"), ("a:\n\tb: 1\n", "yaml_tab"),
        ("a: x: y\n", "yaml_colon_in_value"), ("a:\n  b: \"1\"\n   c: 2\n", "yaml_indentation"),
        ("%YAML 2.0\n---\na: 1\n", "yaml_syntax"),
    ])
    func syntaxErrorsCarryAStableCode(_ text: String, _ code: String) {
        do {
            _ = try YAMLParser.parse(Array(text.utf8), file: "t.yaml")
            Issue.record("parsed")
        } catch {
            #expect(error.problems.map(\.code) == [code])
        }
    }

    /// The scan for a closing bracket stops at the nesting limit: libyaml's scanner slows down
    /// quadratically past it, so the error keeps libyaml's words instead.
    @Test func bracketScanStopsAtTheNestingLimit() {
        let text = "a: [x, \"y\" z" + String(repeating: "[", count: 100_000) + "\n"
        #expect(problems(text) == ["t.yaml:1:12: error: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)"])
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array("a: ok\nb: x".utf8)
        bytes.append(0xC3)
        bytes.append(0x28)
        #expect(problems(bytes) == ["t.yaml:2:5: error: invalid UTF-8: byte 0xC3 does not start a valid character"])
    }

    @Test func controlCharactersAreNamed() {
        #expect(problems(Array("a: x\u{0}y\n".utf8)) == [
            "t.yaml:1:5: error: control characters are not allowed in a YAML file; found U+0000 here",
        ])
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
