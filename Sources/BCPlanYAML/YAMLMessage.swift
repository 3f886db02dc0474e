/// Every problem the YAML layer reports, worded in one place so tests can assert exact text, each
/// with a stable `code` for machine output.
///
/// libyaml's own words ("did not find expected key", "mapping values are not allowed in this
/// context") describe its parser, not the file; `SyntaxExplainer` turns each of its errors into one
/// of these cases, placed where the cause is (an unclosed quote where it opens, a tab where it is).
/// Positions inside messages are 1-based.
public enum YAMLMessage: Sendable, Hashable, CustomStringConvertible {
    // The file as a whole.
    case fileTooLarge(bytes: Int, limit: Int)
    case utf16
    case invalidUTF8(byte: UInt8)
    case controlCharacter(UInt32)
    case byteOrderMarkInside
    case outOfMemory

    // Syntax, explained.
    /// A quote that is never closed before the end of the file.
    case quoteNeverClosed(quote: Character)
    /// A quote whose value runs into a document marker (`---` or `...` at the start of a line).
    case quoteRunsIntoDocumentMarker(quote: Character, line: Int)
    /// A quote not closed on its line: YAML took a later quote as its end and stumbled right after.
    case quoteClosedLater(quote: Character, line: Int, column: Int)
    case textAfterQuote(quote: Character)
    case bracketNeverClosed(opener: Character, givesUpLine: Int, givesUpColumn: Int)
    case missingSeparator(closer: Character, openedLine: Int, openedColumn: Int)
    case unmatchedCloser(Character)
    case tabIndentation
    case tabCharacter
    case colonInValue
    /// A line indented deeper than the line above, so YAML read it as more text of that line's value.
    case continuesValue(line: Int)
    case misindentedKey(column: Int, keysColumn: Int, keysLine: Int, key: String?)
    case listItemInMapping(line: Int, column: Int)
    case listItemExpected(line: Int, column: Int)
    case listItemAfterKey
    case keyWithoutColon(String)
    case textAfterValue
    case unknownEscape(String)
    case reservedCharacter(Character)
    case indicatorWithoutName(Character)
    case missingValue(found: String)
    /// What libyaml said, for the rare errors with no better words (directives, document markers).
    case libyaml(problem: String, context: String?, line: Int, column: Int)

    // The document.
    case moreThanOneDocument
    case undefinedAlias(String)
    case unsupportedTag(String)
    case tooDeep(limit: Int)
    case tooManyNodes(limit: Int)
    case duplicateKey(String, first: SourceLocation)
    case mergeKeyNotMapping

    public var description: String {
        switch self {
        case .fileTooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes, more than the limit of \(limit) bytes"
        case .utf16:
            return "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"
        case .invalidUTF8(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "invalid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) does not start a valid character"
        case .controlCharacter(let value):
            return "control characters are not allowed in a YAML file; found \(Self.codePoint(value)) here"
        case .byteOrderMarkInside:
            return "a byte order mark (U+FEFF) inside the file; it may only be the file's first character, so remove it"
        case .outOfMemory:
            return "out of memory while reading YAML"
        case .quoteNeverClosed(let quote):
            return "the \(quote) opened here is never closed: no \(quote) follows before the end of the file; close the value on this line"
        case .quoteRunsIntoDocumentMarker(let quote, let line):
            return "the \(quote) opened here is never closed: the value runs on to the document marker on line \(line); close it on this line"
        case .quoteClosedLater(let quote, let line, let column):
            return "the \(quote) opened here is not closed on its line, so YAML reads on to the next \(quote) (line \(line), column \(column)) and cannot make sense of what follows it; close the value on this line"
        case .textAfterQuote(let quote):
            let inside = quote == "'" ? "write it twice: ''" : "write \\\""
            return "text after the closing \(quote) of a quoted value, which ends there; to put a \(quote) inside the value, \(inside)"
        case .bracketNeverClosed(let opener, let line, let column):
            let (what, closer) = opener == "[" ? ("list", "]") : ("mapping", "}")
            return "the \(what) opened with '\(opener)' here is never closed: YAML reads on, looking for ',' or '\(closer)', and gives up at line \(line), column \(column); close it with '\(closer)'"
        case .missingSeparator(let closer, let line, let column):
            let what = closer == "]" ? "items of the list" : "entries of the mapping"
            return "expected ',' or '\(closer)' here: \(what) opened at line \(line), column \(column) are separated by commas"
        case .unmatchedCloser(let closer):
            let opener = closer == "]" ? "[" : "{"
            return "this '\(closer)' closes nothing: no '\(opener)' is open here"
        case .tabIndentation:
            return "a tab character indents this line; YAML indents with spaces only"
        case .tabCharacter:
            return "a tab character here, where YAML allows only spaces"
        case .colonInValue:
            return "': ' inside a value starts a key, which YAML does not allow here; quote the value if the ':' belongs to it, or put the next key on a line of its own"
        case .continuesValue(let line):
            return "this line is indented deeper than line \(line), so YAML reads it as more text of the value there, where no key can start; indent it like the key it belongs with"
        case .misindentedKey(let column, let keysColumn, let keysLine, let key):
            let keyText = key.map { "'\(YAMLNode.excerpt($0, limit: 40))'" } ?? "the key"
            if column > keysColumn {
                return "this line is indented to column \(column), deeper than the key before it, \(keyText) at line \(keysLine), column \(keysColumn), which already has a value; indent it like the key it belongs with"
            }
            return "this line is indented to column \(column), which lines up with no key above it (the key before it, \(keyText) at line \(keysLine), starts at column \(keysColumn)); indent it like the key it belongs with"
        case .listItemInMapping(let line, let column):
            return "a list item ('- ') where the mapping that starts at line \(line), column \(column) expects a key; a list belongs under a key, on the lines below it"
        case .listItemExpected(let line, let column):
            return "this line lines up with the items of the list at line \(line), column \(column) but does not start with '- '; start a new item with '- ', or indent the line to belong to the item above"
        case .listItemAfterKey:
            return "a list item ('- ') cannot start on the line of its key; put each item on a line of its own below the key"
        case .keyWithoutColon(let text):
            return "'\(YAMLNode.excerpt(text, limit: 40))' has no ':' after it; each line of a mapping is 'key: value' (a value that runs on must be indented deeper than its key)"
        case .textAfterValue:
            return "text after the end of a value; a line holds one 'key: value' or one '- item'"
        case .unknownEscape(let sequence):
            return "'\(YAMLNode.excerpt(sequence))' is not an escape sequence of a double-quoted value; write '\\\\' for a backslash, or use single quotes, where '\\' has no special meaning"
        case .reservedCharacter(let character):
            return "a value cannot start with '\(character)' (YAML reserves it); quote the value"
        case .indicatorWithoutName(let indicator):
            let what = indicator == "&" ? "an anchor" : "an alias"
            return "'\(indicator)' starts \(what) and needs a name right after it; quote the value if '\(indicator)' is part of it"
        case .missingValue(let found):
            return "expected a value here, found '\(YAMLNode.excerpt(found))'; quote the value if it starts with that character"
        case .libyaml(let problem, let context, let line, let column):
            guard let context else { return problem }
            return "\(problem) (\(context) at line \(line), column \(column))"
        case .moreThanOneDocument:
            return "the file holds more than one YAML document; a bcplan file is exactly one"
        case .undefinedAlias(let anchor):
            return "alias '*\(YAMLNode.excerpt(anchor))' refers to no anchor defined before it"
        case .unsupportedTag(let shown):
            return "unsupported tag '\(YAMLNode.excerpt(shown))'; bcplan files use plain YAML values only"
        case .tooDeep(let limit):
            return "nesting deeper than \(limit) levels; a bcplan file needs fewer than 10"
        case .tooManyNodes(let limit):
            return "the document expands to more than \(limit) nodes (aliases counted each time they are used); refusing it"
        case .duplicateKey(let name, let first):
            return "duplicate key '\(YAMLNode.excerpt(name))' (first defined at \(first))"
        case .mergeKeyNotMapping:
            return "a merge key '<<' takes a mapping or a list of mappings"
        }
    }

    /// A stable identifier for machine output (`validate --format json`): lower case and `_`, never
    /// reworded. Several cases share one code where they are one mistake seen from different places.
    public var code: String {
        switch self {
        case .fileTooLarge: "file_too_large"
        case .utf16, .invalidUTF8: "invalid_utf8"
        case .controlCharacter: "yaml_control_character"
        case .byteOrderMarkInside: "yaml_byte_order_mark"
        case .outOfMemory: "yaml_out_of_memory"
        case .quoteNeverClosed, .quoteRunsIntoDocumentMarker, .quoteClosedLater: "yaml_unclosed_quote"
        case .textAfterQuote: "yaml_text_after_quote"
        case .bracketNeverClosed: "yaml_unclosed_bracket"
        case .missingSeparator: "yaml_missing_comma"
        case .unmatchedCloser: "yaml_unmatched_bracket"
        case .tabIndentation, .tabCharacter: "yaml_tab"
        case .colonInValue: "yaml_colon_in_value"
        case .continuesValue, .misindentedKey: "yaml_indentation"
        case .listItemInMapping, .listItemExpected, .listItemAfterKey: "yaml_misplaced_list_item"
        case .keyWithoutColon: "yaml_missing_colon"
        case .textAfterValue: "yaml_text_after_value"
        case .unknownEscape: "yaml_unknown_escape"
        case .reservedCharacter: "yaml_reserved_character"
        case .indicatorWithoutName: "yaml_anchor_name"
        case .missingValue: "yaml_missing_value"
        case .libyaml: "yaml_syntax"
        case .moreThanOneDocument: "yaml_multiple_documents"
        case .undefinedAlias: "yaml_undefined_alias"
        case .unsupportedTag: "yaml_unsupported_tag"
        case .tooDeep: "yaml_too_deep"
        case .tooManyNodes: "yaml_too_many_nodes"
        case .duplicateKey: "duplicate_key"
        case .mergeKeyNotMapping: "yaml_merge_key"
        }
    }

    /// `U+0000`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
