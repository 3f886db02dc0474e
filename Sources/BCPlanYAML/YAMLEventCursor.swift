internal import CYAML

/// libyaml's events one at a time, read in place: no `String` is made for a scalar unless asked
/// for, and none for anchors and tags, which the simple path refuses anyway.
///
/// For readers that decode a *valid* file straight from the events (`ConfigEventDecoder`) and give
/// up at anything unusual, so that `YAMLParser` and the node tree read the file again and word
/// the problem. `advance()` therefore says only whether the stream can be read the simple way; it
/// never explains why not.
public final class YAMLEventCursor {
    public enum Kind: Sendable {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    /// The current event's kind; `.streamStart` before the first `advance()`.
    public private(set) var kind = Kind.streamStart
    /// Where the current scalar or collection starts (as `YAMLParser` places it).
    public private(set) var location: SourceLocation
    /// The current scalar's style.
    public private(set) var style = ScalarStyle.plain

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutablePointer<UInt8>
    private let count: Int
    private let lines: Int
    private let limits: YAMLLimits
    private let origin: SourceLocation
    /// The current event, freed when the cursor moves on.
    private var event = yaml_event_t()
    private var holdsEvent = false
    /// Open collections, and nodes so far: the limits `TreeBuilder` enforces, counted the same way.
    private var depth = 0
    private var nodes = 0

    /// `lines`: the file's line count as `YAMLParser.checkUTF8` gives it; `bytes` must have passed
    /// that check (libyaml alone accepts UTF-16, which bcplan refuses).
    public init(bytes: [UInt8], file: String, lines: Int, limits: YAMLLimits = .default) {
        self.lines = lines
        self.limits = limits
        count = bytes.count
        origin = SourceLocation(file: file, line: 1, column: 1)
        location = origin
        parser = .allocate(capacity: 1)
        // Never hand libyaml a null buffer, even for an empty file; it does not copy the input.
        input = .allocate(capacity: max(bytes.count, 1))
        if !bytes.isEmpty {
            bytes.withUnsafeBufferPointer { input.initialize(from: $0.baseAddress!, count: bytes.count) }
        }
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input, bytes.count)
    }

    deinit {
        if holdsEvent { yaml_event_delete(&event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// Moves to the next event. False when the file cannot be read the simple way: a syntax error,
    /// an anchor, an alias or a tag, a limit of `YAMLLimits` reached, a node placed past the last
    /// line (where `YAMLParser` moves it), or the end of the stream passed.
    public func advance() -> Bool {
        if holdsEvent {
            yaml_event_delete(&event)
            holdsEvent = false
        }
        guard kind != .streamEnd, yaml_parser_parse(parser, &event) == 1 else { return false }
        holdsEvent = true
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil else { return false }
            kind = .scalar
            style = ScalarStyle(scalar.style)
            return countNode()
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            guard anchor == nil, tag == nil, depth < limits.maxDepth else { return false }
            kind = isMapping ? .mappingStart : .sequenceStart
            depth += 1
            return countNode()
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            kind = event.type == YAML_MAPPING_END_EVENT ? .mappingEnd : .sequenceEnd
            depth -= 1
        default:
            // An alias, or an event this reader does not know.
            return false
        }
        return true
    }

    /// Counts the scalar or collection just read and places it.
    private func countNode() -> Bool {
        nodes += 1
        let line = Int(event.start_mark.line) + 1
        guard nodes <= limits.maxNodes, line <= lines else { return false }
        location = SourceLocation(sameFileAs: origin, line: line, column: Int(event.start_mark.column) + 1)
        return true
    }

    /// The current scalar's bytes, valid until the cursor moves on.
    private var scalarBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length)
    }

    /// The current scalar's text.
    public var scalarText: String {
        let bytes = scalarBytes
        return bytes.isEmpty ? "" : String(decoding: bytes, as: UTF8.self)
    }

    /// The index of the name in `names` (each as UTF-8 bytes) the current scalar is, byte for byte.
    public func scalarIndex(among names: [[UInt8]]) -> Int? {
        let bytes = scalarBytes
        for (index, name) in names.enumerated() where name.count == bytes.count {
            if name.elementsEqual(bytes) { return index }
        }
        return nil
    }

    /// The current node, a scalar or a whole collection (read up to its end), as `YAMLParser`
    /// builds it; nil when the stream cannot be read the simple way or a mapping repeats a key.
    public func readNode() -> YAMLNode? {
        var builder = TreeBuilder(limits: limits)
        // The depth outside the node: reached again once the node is read.
        let outside = kind == .sequenceStart || kind == .mappingStart ? depth - 1 : depth
        repeat {
            let parsed: ParseEvent.Kind
            switch kind {
            case .scalar: parsed = .scalar(value: scalarText, style: style, anchor: nil, tag: nil)
            case .sequenceStart: parsed = .sequenceStart(anchor: nil, tag: nil)
            case .mappingStart: parsed = .mappingStart(anchor: nil, tag: nil)
            case .sequenceEnd: parsed = .sequenceEnd
            case .mappingEnd: parsed = .mappingEnd
            case .streamStart, .streamEnd, .documentStart, .documentEnd: return nil
            }
            do {
                _ = try builder.consume(ParseEvent(kind: parsed, location: location))
            } catch {
                return nil
            }
            if depth == outside { break }
            guard advance() else { return nil }
        } while true
        guard builder.problems.isEmpty else { return nil }
        return builder.root
    }
}
