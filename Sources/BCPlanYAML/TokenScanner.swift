internal import CYAML

/// libyaml's scanner over a file that failed to parse, one token at a time: what `SyntaxExplainer`
/// looks at to say where the cause of an error is (which quote or bracket is open, what came
/// before the place libyaml stopped).
///
/// Runs only after a failure. The input is not copied (libyaml never copies it): the caller keeps
/// it alive for the scanner's life.
final class TokenScanner {
    struct Token {
        enum Kind: Equatable {
            case scalar(ScalarStyle)
            case key, value, blockEntry, flowEntry
            case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
            /// Tokens libyaml infers from indentation (block starts and ends); they take no room.
            case implied
            case other
        }

        var kind: Kind
        var start: TextPosition
        /// Just after the token's last character.
        var end: TextPosition
        /// A scalar's text, cut to 80 characters, when asked for; empty otherwise.
        var text: String

        /// False for the tokens libyaml infers (an implicit key, block starts and ends), which
        /// start and end at the same place.
        var takesRoom: Bool { start != end }

        var isQuoted: Bool {
            if case .scalar(let style) = kind { return style == .singleQuoted || style == .doubleQuoted }
            return false
        }
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var finished = false

    init(input: UnsafePointer<UInt8>, count: Int) {
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input, count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// The next token, or nil at the end of the stream or at a scanner error; a scalar's `text` only
    /// `withText` (copying every scalar would double the cost of explaining an error in a large file).
    func next(withText: Bool = false) -> Token? {
        guard !finished else { return nil }
        var token = yaml_token_t()
        guard yaml_parser_scan(parser, &token) == 1 else {
            finished = true
            return nil
        }
        defer { yaml_token_delete(&token) }
        let start = TextPosition(line: Int(token.start_mark.line) + 1, column: Int(token.start_mark.column) + 1)
        let end = TextPosition(line: Int(token.end_mark.line) + 1, column: Int(token.end_mark.column) + 1)
        var text = ""
        let kind: Token.Kind
        switch token.type {
        case YAML_STREAM_END_TOKEN, YAML_NO_TOKEN:
            finished = true
            return nil
        case YAML_SCALAR_TOKEN:
            let scalar = token.data.scalar
            kind = .scalar(ScalarStyle(scalar.style))
            if withText, scalar.length > 0 {
                text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: min(scalar.length, 320)), as: UTF8.self)
                text = String(text.unicodeScalars.prefix(80))
            }
        case YAML_KEY_TOKEN: kind = .key
        case YAML_VALUE_TOKEN: kind = .value
        case YAML_BLOCK_ENTRY_TOKEN: kind = .blockEntry
        case YAML_FLOW_ENTRY_TOKEN: kind = .flowEntry
        case YAML_FLOW_SEQUENCE_START_TOKEN: kind = .flowSequenceStart
        case YAML_FLOW_SEQUENCE_END_TOKEN: kind = .flowSequenceEnd
        case YAML_FLOW_MAPPING_START_TOKEN: kind = .flowMappingStart
        case YAML_FLOW_MAPPING_END_TOKEN: kind = .flowMappingEnd
        case YAML_BLOCK_SEQUENCE_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN, YAML_BLOCK_END_TOKEN, YAML_STREAM_START_TOKEN:
            kind = .implied
        default: kind = .other
        }
        return Token(kind: kind, start: start, end: end, text: text)
    }
}
