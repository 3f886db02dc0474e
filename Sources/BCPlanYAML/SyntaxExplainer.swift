/// Turns a libyaml syntax error into a `YAMLMessage` placed where the cause is.
///
/// libyaml reports where its parser gave up, in the parser's terms: a quote left open on line 7 is
/// reported at line 28 as "did not find expected key", where a later quote happened to close it; a
/// tab as "found character that cannot start any token". This looks at what is written around that
/// place (the tokens before it, the characters of its line) and names the mistake: the quote or
/// bracket that is open, the tab, the misplaced `:` or `-`, the line indented too deep.
///
/// Errors it has no better words for keep libyaml's (`YAMLMessage.libyaml`).
enum SyntaxExplainer {
    /// A libyaml scanner or parser error as libyaml reported it, positions made 1-based.
    struct LibyamlError {
        var isScannerError: Bool
        var problem: String
        var position: TextPosition
        var context: String?
        var contextPosition: TextPosition
    }

    /// The message and where it points.
    ///
    /// - Parameters:
    ///   - maxDepth: the nesting limit; a scan for the bracket that closes another stops past it.
    ///   - tokens: a fresh scanner over the same input, for the errors that need the tokens.
    static func explain(
        _ error: LibyamlError, lines: SourceLines, maxDepth: Int, tokens: () -> TokenScanner
    ) -> (message: YAMLMessage, position: TextPosition) {
        let fallback = (
            YAMLMessage.libyaml(
                problem: error.problem, context: error.context, line: error.contextPosition.line,
                column: error.contextPosition.column),
            error.position)
        let position = error.position
        // libyaml reads a byte order mark inside the file as part of the line, and stumbles after it.
        let line = lines.characters(ofLine: position.line)
        if let mark = line.prefix(position.column).firstIndex(of: "\u{FEFF}") {
            return (.byteOrderMarkInside, TextPosition(line: position.line, column: mark + 1))
        }
        if error.isScannerError {
            return explainScannerError(error, lines: lines) ?? fallback
        }
        switch (error.problem, error.context) {
        case ("did not find expected ',' or ']'", "while parsing a flow sequence"?),
             ("did not find expected ',' or '}'", "while parsing a flow mapping"?):
            return explainFlow(at: position, openedAt: error.contextPosition, lines: lines, maxDepth: maxDepth, tokens: tokens())
                ?? fallback
        case ("did not find expected key", "while parsing a block mapping"?):
            return explainBlock(at: position, collection: error.contextPosition, isMapping: true, tokens: tokens())
        case ("did not find expected '-' indicator", "while parsing a block collection"?):
            return explainBlock(at: position, collection: error.contextPosition, isMapping: false, tokens: tokens())
        case ("found undefined tag handle", _):
            let tag = lines.characters(ofLine: position.line).dropFirst(position.column - 1).prefix { $0 != " " && $0 != "\t" }
            return (.unsupportedTag(String(String.UnicodeScalarView(tag))), position)
        case ("did not find expected node content", _):
            let scan = TokenWindow(scanning: tokens(), upTo: position)
            if let closer = scan.atPosition.flatMap(closer(of:)) { return (.unmatchedCloser(closer), position) }
            guard let found = lines.character(at: position) else { return fallback }
            return (.missingValue(found: String(found)), position)
        default:
            return fallback
        }
    }

    // MARK: Scanner errors: the characters around the place say enough

    private static func explainScannerError(
        _ error: LibyamlError, lines: SourceLines
    ) -> (message: YAMLMessage, position: TextPosition)? {
        let position = error.position
        switch error.problem {
        case "found unexpected end of stream" where error.context == "while scanning a quoted scalar":
            return (.quoteNeverClosed(quote: quote(at: error.contextPosition, in: lines)), error.contextPosition)
        case "found unexpected document indicator" where error.context == "while scanning a quoted scalar":
            return (
                .quoteRunsIntoDocumentMarker(quote: quote(at: error.contextPosition, in: lines), line: position.line),
                error.contextPosition)
        case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            return tab(near: position, lines: lines)
        case "found character that cannot start any token":
            switch lines.character(at: position) {
            case "\t"?: return tab(near: position, lines: lines)
            case "\u{FEFF}"?: return (.byteOrderMarkInside, position)
            case let character? where "@`%".unicodeScalars.contains(character):
                return (.reservedCharacter(Character(character)), position)
            default: return nil
            }
        case "mapping values are not allowed in this context":
            return colon(at: position, lines: lines)
        case "could not find expected ':'" where error.context == "while scanning a simple key":
            return (.keyWithoutColon(text(from: error.contextPosition, lines: lines)), error.contextPosition)
        case "found unknown escape character":
            let next = lines.character(at: TextPosition(line: position.line, column: position.column + 1))
            return (.unknownEscape("\\" + (next.map { String($0) } ?? "")), position)
        case "block sequence entries are not allowed in this context":
            return (.listItemAfterKey, position)
        case "did not find expected alphabetic or numeric character"
            where error.context == "while scanning an anchor" || error.context == "while scanning an alias":
            return (.indicatorWithoutName(error.context == "while scanning an anchor" ? "&" : "*"), error.contextPosition)
        default:
            return nil
        }
    }

    /// The quote character that opens the value at `position`.
    private static func quote(at position: TextPosition, in lines: SourceLines) -> Character {
        lines.character(at: position) == "'" ? "'" : "\""
    }

    /// A tab in the line's indentation is named there; anywhere else, where it is.
    private static func tab(near position: TextPosition, lines: SourceLines) -> (message: YAMLMessage, position: TextPosition) {
        let characters = lines.characters(ofLine: position.line)
        for (index, character) in characters.enumerated() {
            if character == "\t" { return (.tabIndentation, TextPosition(line: position.line, column: index + 1)) }
            if character != " " { break }
        }
        return (.tabCharacter, position)
    }

    /// `key: value: more` (a second `: ` on the line), a line indented deeper than the value above
    /// it (YAML reads it as more text of that value, up to the `:`), or a lone word above the line,
    /// meant as a key, whose `:` is missing.
    private static func colon(at position: TextPosition, lines: SourceLines) -> (message: YAMLMessage, position: TextPosition) {
        let characters = lines.characters(ofLine: position.line)
        guard indicator(in: characters.prefix(max(0, position.column - 1))) == nil else { return (.colonInValue, position) }
        // The value that runs on to this line started after the nearest `key:` or `- ` above.
        var line = position.line - 1
        while line >= 1 {
            if let hasValue = indicator(in: lines.characters(ofLine: line)[...]) {
                if hasValue, let column = lines.firstColumn(ofLine: position.line) {
                    return (.continuesValue(line: line), TextPosition(line: position.line, column: column))
                }
                if !hasValue, line + 1 < position.line, let column = lines.firstColumn(ofLine: line + 1) {
                    let start = TextPosition(line: line + 1, column: column)
                    return (.keyWithoutColon(text(from: start, lines: lines)), start)
                }
                break
            }
            line -= 1
        }
        return (.colonInValue, position)
    }

    /// Whether the text holds a key (`key:` followed by a space or the end) or starts a list item
    /// (`- `): nil when neither, else whether a value follows the indicator on the line. Quoted
    /// text and comments are skipped.
    private static func indicator(in characters: ArraySlice<Unicode.Scalar>) -> Bool? {
        let text = Array(characters)
        var index = 0
        while index < text.count, text[index] == " " { index += 1 }
        var found = false
        if index + 1 < text.count, text[index] == "-", text[index + 1] == " " {
            found = true
            index += 2
        }
        var quote: Unicode.Scalar?
        var valueStart = found ? index : nil
        while index < text.count {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", index == 0 || text[index - 1] == " " {
                break
            } else if character == ":", index + 1 == text.count || text[index + 1] == " " || text[index + 1] == "\t" {
                found = true
                valueStart = index + 1
            }
            index += 1
        }
        guard found, let valueStart else { return nil }
        let rest = text[min(valueStart, text.count)..<index]
        return rest.contains { $0 != " " && $0 != "\t" }
    }

    /// The text of a line from `start`, without a comment and surrounding spaces.
    private static func text(from start: TextPosition, lines: SourceLines) -> String {
        let characters = lines.characters(ofLine: start.line)
        guard start.column <= characters.count else { return "" }
        var text = Array(characters[(start.column - 1)...])
        if let comment = text.indices.first(where: { text[$0] == "#" && $0 > 0 && (text[$0 - 1] == " " || text[$0 - 1] == "\t") }) {
            text = Array(text[..<comment])
        }
        return String(String.UnicodeScalarView(text)).trimmingSpaces
    }

    // MARK: Parser errors: the tokens before the place, and the brackets after it

    /// How many tokens past the place libyaml stopped are read for the bracket that closes the open
    /// one; a bcplan file's longest list (`protected:`) holds a few thousand.
    static let closingScanLimit = 100_000

    /// In a flow collection (`[…]`, `{…}`): a quote opened on an earlier line, the collection never
    /// closed, or a missing comma.
    private static func explainFlow(
        at position: TextPosition, openedAt opening: TextPosition, lines: SourceLines, maxDepth: Int, tokens: TokenScanner
    ) -> (message: YAMLMessage, position: TextPosition)? {
        guard let opener = lines.character(at: opening), opener == "[" || opener == "{" else { return nil }
        let window = TokenWindow(scanning: tokens, upTo: position)
        if let open = window.quoteClosedLater(before: position) { return open }
        // Does the collection opened at `opening` close anywhere after the place libyaml stopped?
        guard var depth = window.bracketsOpen(since: opening) else { return nil }
        var token = window.atPosition
        // A config's lists are short: a bracket still open this many tokens on is never closed.
        var budget = closingScanLimit
        while let current = token, budget > 0 {
            budget -= 1
            switch current.kind {
            case .flowSequenceStart, .flowMappingStart: depth += 1
            case .flowSequenceEnd, .flowMappingEnd: depth -= 1
            default: break
            }
            if depth == 0 { break }
            // Past the nesting limit libyaml's scanner slows down quadratically; say nothing then.
            if depth > maxDepth { return nil }
            token = tokens.next()
        }
        if depth > 0 {
            return (.bracketNeverClosed(opener: Character(opener), givesUpLine: position.line, givesUpColumn: position.column), opening)
        }
        return (.missingSeparator(closer: opener == "[" ? "]" : "}", openedLine: opening.line, openedColumn: opening.column), position)
    }

    /// In a block mapping or list: a quote opened on an earlier line, text after a value, a stray
    /// closing bracket, a list item where a key belongs, a line indented to no key's column.
    private static func explainBlock(
        at position: TextPosition, collection: TextPosition, isMapping: Bool, tokens: TokenScanner
    ) -> (message: YAMLMessage, position: TextPosition) {
        let window = TokenWindow(scanning: tokens, upTo: position)
        if let open = window.quoteClosedLater(before: position) { return open }
        if let previous = window.previous, previous.isQuoted, previous.end.line == position.line {
            return (.textAfterQuote(quote: quoteCharacter(of: previous)), position)
        }
        if let closer = window.atPosition.flatMap(closer(of:)) { return (.unmatchedCloser(closer), position) }
        if let previous = window.previous, previous.end.line == position.line { return (.textAfterValue, position) }
        if !isMapping, position.column == collection.column {
            return (.listItemExpected(line: collection.line, column: collection.column), position)
        }
        if isMapping, window.atPosition?.kind == .blockEntry {
            return (.listItemInMapping(line: collection.line, column: collection.column), position)
        }
        // Between the columns of a list and of its items' keys, or of two keys: no column of its own.
        let key = window.lastKey
        return (
            .misindentedKey(
                column: position.column, keysColumn: key?.start.column ?? collection.column,
                keysLine: key?.start.line ?? collection.line, key: key?.text),
            position)
    }

    private static func quoteCharacter(of token: TokenScanner.Token) -> Character {
        token.kind == .scalar(.singleQuoted) ? "'" : "\""
    }

    private static func closer(of token: TokenScanner.Token) -> Character? {
        switch token.kind {
        case .flowSequenceEnd: "]"
        case .flowMappingEnd: "}"
        default: nil
        }
    }

    /// The tokens up to the place libyaml stopped: the last one before it, the first at or after
    /// it, the last key, and the flow brackets still open there.
    private struct TokenWindow {
        /// The last token that takes room and starts before the place.
        var previous: TokenScanner.Token?
        /// The first token that takes room and starts at or after the place.
        var atPosition: TokenScanner.Token?
        /// The last mapping key before the place.
        var lastKey: TokenScanner.Token?
        /// Flow brackets open at the place: where each opened, outermost first.
        private var openBrackets: [TextPosition] = []

        init(scanning tokens: TokenScanner, upTo position: TextPosition) {
            var afterKey = false
            while let token = tokens.next(withText: afterKey) {
                if token.takesRoom, token.start >= position {
                    atPosition = token
                    return
                }
                switch token.kind {
                case .key: afterKey = true
                case .scalar where afterKey: lastKey = token; afterKey = false
                case .flowSequenceStart, .flowMappingStart: openBrackets.append(token.start)
                case .flowSequenceEnd, .flowMappingEnd: _ = openBrackets.popLast()
                case .implied: break
                default: afterKey = false
                }
                if token.takesRoom { previous = token }
            }
        }

        /// How many brackets are open at the place counting the one opened at `opening` and those
        /// opened inside it, or nil when that one is not open there.
        func bracketsOpen(since opening: TextPosition) -> Int? {
            openBrackets.firstIndex(of: opening).map { openBrackets.count - $0 }
        }

        /// A quoted value that runs over lines and ends on the place's line, just before it: a quote
        /// left open, which a later quote closed. Points at the quote that opens it.
        func quoteClosedLater(before position: TextPosition) -> (message: YAMLMessage, position: TextPosition)? {
            guard let previous, previous.isQuoted, previous.end.line == position.line,
                  previous.start.line < previous.end.line else { return nil }
            return (
                .quoteClosedLater(
                    quote: quoteCharacter(of: previous), line: previous.end.line, column: previous.end.column - 1),
                previous.start)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
