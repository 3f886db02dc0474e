internal import CYAML

/// Reads one YAML document into a `YAMLNode` tree through libyaml's event parser.
///
/// Duplicate keys are collected and reported together; everything else that is wrong stops the
/// read at once. Nothing here recurses, so nesting is bounded only by `YAMLLimits.maxDepth`.
public enum YAMLParser {
    /// Parses `bytes` (the contents of `file`, which is used only for locations).
    ///
    /// - Returns: the document's root (nil when the file holds no document at all) and the problems
    ///   that did not stop the read: duplicate keys, of which the first occurrence is kept.
    /// - Throws: `YAMLParseFailure` with every located problem found before the read stopped.
    public static func parseDocument(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .default
    ) throws(YAMLParseFailure) -> (root: YAMLNode?, problems: [YAMLProblem]) {
        if bytes.count > limits.maxBytes {
            throw YAMLParseFailure(problems: [YAMLProblem(
                .fileTooLarge(bytes: bytes.count, limit: limits.maxBytes), at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let checked = checkUTF8(bytes, file: file)
        if let problem = checked.problem {
            throw YAMLParseFailure(problems: [problem])
        }
        var builder = TreeBuilder(limits: limits)
        let events = EventReader(bytes: bytes, file: file, lines: checked.lines, limits: limits)
        do {
            while let event = try events.next() {
                if try builder.consume(event) { break }
            }
        } catch {
            throw YAMLParseFailure(problems: builder.problems + [error])
        }
        return (builder.root, builder.problems)
    }

    /// Like `parseDocument`, but any problem at all is a failure.
    public static func parse(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .default
    ) throws(YAMLParseFailure) -> YAMLNode? {
        let document = try parseDocument(bytes, file: file, limits: limits)
        if !document.problems.isEmpty { throw YAMLParseFailure(problems: document.problems) }
        return document.root
    }

    /// Lines as libyaml counts them: CR LF, CR, LF, NEL, LS and PS each end one.
    public static func lineCount(_ bytes: [UInt8]) -> Int {
        var lines = 1
        var index = 0
        while index < bytes.count {
            let length = SourceLines.lineBreakLength(in: bytes, at: index)
            if length > 0 { lines += 1 }
            index += max(length, 1)
        }
        return lines
    }

    /// Finds the first byte sequence that is not UTF-8, so the error can say where it is
    /// (libyaml reports only a byte offset), and counts the lines as `lineCount` does, in the same
    /// pass. UTF-16 input, announced by its BOM, is refused: the config's digest, its source lines
    /// under errors and every tool around it read UTF-8. A UTF-8 BOM is fine (libyaml skips it).
    public static func checkUTF8(_ bytes: [UInt8], file: String) -> (problem: YAMLProblem?, lines: Int) {
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            return (YAMLProblem(.utf16, at: SourceLocation(file: file, line: 1, column: 1)), 0)
        }
        if let lines = asciiLineCount(bytes) { return (nil, lines) }
        var line = 1
        var column = 1
        // Line breaks as libyaml counts them: CR LF, CR, LF, NEL, LS and PS each end one.
        var breaks = 1
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x0A {
                    line += 1
                    column = 1
                    if index == 0 || bytes[index - 1] != 0x0D { breaks += 1 }
                } else {
                    if byte == 0x0D { breaks += 1 }
                    column += 1
                }
                index += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; scalar = UInt32(byte & 0x07)
            default: length = 0; scalar = 0
            }
            var valid = length > 0 && index + length <= count
            if valid {
                for offset in 1..<length {
                    let next = bytes[index + offset]
                    if next & 0xC0 != 0x80 { valid = false; break }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
            }
            if valid {
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                valid = scalar >= minimum && scalar <= 0x10FFFF && !(0xD800...0xDFFF).contains(scalar)
            }
            if !valid {
                return (YAMLProblem(.invalidUTF8(byte: byte), at: SourceLocation(file: file, line: line, column: column)), 0)
            }
            if scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029 { breaks += 1 }
            index += length
            column += 1
        }
        return (nil, breaks)
    }
}

extension YAMLParser {
    /// The line count of a file of ASCII without carriage returns (most configs), read eight
    /// bytes at a time: the byte-by-byte check was 29 M instructions of `validate` at the platform
    /// maximum. Nil for any other file, which `checkUTF8` then reads byte by byte.
    static func asciiLineCount(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            let high: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            var breaks = 1
            var offset = 0
            while offset + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                // Any byte of 0x80 or more, or any CR (a zero byte of word ^ CRs): the slow way.
                let carriageReturns = word ^ (ones &* 0x0D)
                if word & high != 0 || (carriageReturns &- ones) & ~carriageReturns & high != 0 { return nil }
                // Zero bytes of word ^ LFs: every byte is below 0x80, so adding 0x7F sets the top bit
                // of exactly the bytes that are not zero, without a carry into the next byte.
                let lineFeeds = word ^ (ones &* 0x0A)
                breaks += (~(lineFeeds &+ low) & high).nonzeroBitCount
                offset += 8
            }
            while offset < raw.count {
                let byte = raw[offset]
                if byte >= 0x80 || byte == 0x0D { return nil }
                if byte == 0x0A { breaks += 1 }
                offset += 1
            }
            return breaks
        }
    }
}

/// One libyaml event, copied out of the C struct so the struct can be freed at once.
struct ParseEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(anchor: String)
        case scalar(value: String, style: ScalarStyle, anchor: String?, tag: String?)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    var kind: Kind
    var location: SourceLocation
}

/// Owns a heap-allocated `yaml_parser_t` and the input bytes it reads (libyaml does not copy them).
final class EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutablePointer<UInt8>
    private let file: String
    private let bytes: [UInt8]
    /// The file's first position; every event's location is made from it without a name look-up.
    private let origin: SourceLocation
    /// The file's line count as libyaml counts lines; a mark past it is put at the end of the file.
    private let lines: Int
    private let limits: YAMLLimits

    /// `lines`: the file's line count as `YAMLParser.lineCount` gives it.
    init(bytes: [UInt8], file: String, lines: Int, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
        origin = SourceLocation(file: file, line: 1, column: 1)
        self.bytes = bytes
        self.lines = lines
        parser = .allocate(capacity: 1)
        // Never hand libyaml a null buffer, even for an empty file.
        input = .allocate(capacity: max(bytes.count, 1))
        if !bytes.isEmpty {
            bytes.withUnsafeBufferPointer { input.initialize(from: $0.baseAddress!, count: bytes.count) }
        }
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or nil after the end of the stream.
    func next() throws(YAMLProblem) -> ParseEvent? {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw currentError()
        }
        defer { yaml_event_delete(&event) }
        // An empty value at the very end of a file is marked on the line after the last one.
        let location = Int(event.start_mark.line) + 1 > lines
            ? self.location(ofByte: bytes.count)
            : SourceLocation(sameFileAs: origin, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        let kind: ParseEvent.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_ALIAS_EVENT: kind = .alias(anchor: Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = scalar.length == 0
                ? "" : String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            kind = .scalar(
                value: value, style: ScalarStyle(scalar.style), anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag))
        case YAML_SEQUENCE_START_EVENT:
            kind = .sequenceStart(
                anchor: Self.string(event.data.sequence_start.anchor), tag: Self.string(event.data.sequence_start.tag))
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            kind = .mappingStart(
                anchor: Self.string(event.data.mapping_start.anchor), tag: Self.string(event.data.mapping_start.tag))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: return nil
        }
        return ParseEvent(kind: kind, location: location)
    }

    /// Anchors and tags cannot hold NUL, so a C string is safe for them (scalars are not read this way).
    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// libyaml's error, in bcplan's words and placed at its cause (`SyntaxExplainer`).
    private func currentError() -> YAMLProblem {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "the YAML could not be read"
        switch state.error {
        case YAML_READER_ERROR:
            let location = location(ofByte: Int(state.problem_offset))
            // Invalid UTF-8 was refused before parsing; what is left is a character YAML refuses.
            guard problem == "control characters are not allowed" else {
                return YAMLProblem(.libyaml(problem: problem, context: nil, line: location.line, column: location.column), at: location)
            }
            return YAMLProblem(.controlCharacter(UInt32(bitPattern: state.problem_value)), at: location)
        case YAML_MEMORY_ERROR:
            return YAMLProblem(.outOfMemory, at: SourceLocation(file: file, line: 1, column: 1))
        default:
            let error = SyntaxExplainer.LibyamlError(
                isScannerError: state.error == YAML_SCANNER_ERROR, problem: problem,
                position: TextPosition(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1),
                context: state.context.map { String(cString: $0) },
                contextPosition: TextPosition(line: Int(state.context_mark.line) + 1, column: Int(state.context_mark.column) + 1))
            let explained = SyntaxExplainer.explain(
                error, lines: SourceLines(bytes), maxDepth: limits.maxDepth,
                tokens: { TokenScanner(input: input, count: bytes.count) })
            return YAMLProblem(explained.message, at: location(of: explained.position))
        }
    }

    /// `position` in this file; a position past the last line (libyaml's end of a file without a
    /// final line break) is put at the end of the last line, where the snippet can show it.
    private func location(of position: TextPosition) -> SourceLocation {
        if position.line > lines { return location(ofByte: bytes.count) }
        return SourceLocation(sameFileAs: origin, line: position.line, column: position.column)
    }

    /// Line and column of a byte offset, counting characters as libyaml does.
    private func location(ofByte offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        while index < min(offset, bytes.count) {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

extension ScalarStyle {
    /// The style libyaml reports for a scalar event or token.
    init(_ style: yaml_scalar_style_t) {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: self = .literal
        case YAML_FOLDED_SCALAR_STYLE: self = .folded
        default: self = .plain
        }
    }
}
