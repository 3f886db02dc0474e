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

    /// What changes from event to event. Kept behind a pointer: a stored `var` of a class pays a
    /// dynamic exclusivity check on every access, and these are read several times per event
    /// (the checks were 100 M instructions of `validate` at the platform maximum).
    private struct State {
        var kind = Kind.streamStart
        var location: SourceLocation
        var style = ScalarStyle.plain
        /// The current event, freed when the cursor moves on.
        var event = yaml_event_t()
        var holdsEvent = false
        /// Open collections, and nodes so far: the limits `TreeBuilder` enforces, counted the same way.
        var depth = 0
        var nodes = 0
    }

    /// The current event's kind; `.streamStart` before the first `advance()`.
    public var kind: Kind { state.pointee.kind }
    /// Where the current scalar or collection starts (as `YAMLParser` places it).
    public var location: SourceLocation { state.pointee.location }
    /// The current scalar's style.
    public var style: ScalarStyle { state.pointee.style }

    private let state: UnsafeMutablePointer<State>
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The byte libyaml is pointed at for an empty input.
    private let placeholder: UnsafeMutablePointer<UInt8>?
    private let lines: Int
    private let limits: YAMLLimits
    private let origin: SourceLocation

    /// `lines`: the file's line count as `YAMLParser.checkUTF8` gives it; `bytes` must have passed
    /// that check (libyaml alone accepts UTF-16, which bcplan refuses), and stay valid while the
    /// cursor is used: libyaml reads them in place.
    public init(bytes: UnsafeBufferPointer<UInt8>, file: String, lines: Int, limits: YAMLLimits = .default) {
        self.lines = lines
        self.limits = limits
        origin = SourceLocation(file: file, line: 1, column: 1)
        state = .allocate(capacity: 1)
        state.initialize(to: State(location: origin))
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        // Never hand libyaml a null buffer, even for an empty file.
        placeholder = bytes.baseAddress == nil ? .allocate(capacity: 1) : nil
        yaml_parser_set_input_string(parser, bytes.baseAddress ?? UnsafePointer(placeholder!), bytes.count)
    }

    deinit {
        if state.pointee.holdsEvent { yaml_event_delete(&state.pointee.event) }
        state.deinitialize(count: 1)
        state.deallocate()
        yaml_parser_delete(parser)
        parser.deallocate()
        placeholder?.deallocate()
    }

    /// Moves to the next event. False when the file cannot be read the simple way: a syntax error,
    /// an anchor, an alias or a tag, a limit of `YAMLLimits` reached, a node placed past the last
    /// line (where `YAMLParser` moves it), or the end of the stream passed.
    public func advance() -> Bool {
        let state = self.state
        if state.pointee.holdsEvent {
            yaml_event_delete(&state.pointee.event)
            state.pointee.holdsEvent = false
        }
        guard state.pointee.kind != .streamEnd, yaml_parser_parse(parser, &state.pointee.event) == 1 else { return false }
        state.pointee.holdsEvent = true
        let event = state.pointee.event
        switch event.type {
        case YAML_STREAM_START_EVENT: state.pointee.kind = .streamStart
        case YAML_STREAM_END_EVENT: state.pointee.kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: state.pointee.kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: state.pointee.kind = .documentEnd
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil else { return false }
            state.pointee.kind = .scalar
            state.pointee.style = ScalarStyle(scalar.style)
            return countNode(at: event.start_mark)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            guard anchor == nil, tag == nil, state.pointee.depth < limits.maxDepth else { return false }
            state.pointee.kind = isMapping ? .mappingStart : .sequenceStart
            state.pointee.depth += 1
            return countNode(at: event.start_mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            state.pointee.kind = event.type == YAML_MAPPING_END_EVENT ? .mappingEnd : .sequenceEnd
            state.pointee.depth -= 1
        default:
            // An alias, or an event this reader does not know.
            return false
        }
        return true
    }

    /// Counts the scalar or collection just read and places it.
    private func countNode(at mark: yaml_mark_t) -> Bool {
        state.pointee.nodes += 1
        let line = Int(mark.line) + 1
        guard state.pointee.nodes <= limits.maxNodes, line <= lines else { return false }
        state.pointee.location = SourceLocation(sameFileAs: origin, line: line, column: Int(mark.column) + 1)
        return true
    }

    /// The current scalar's bytes, valid until the cursor moves on.
    private var scalarBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: state.pointee.event.data.scalar.value, count: state.pointee.event.data.scalar.length)
    }

    /// The current scalar's text.
    public var scalarText: String {
        let bytes = scalarBytes
        return bytes.isEmpty ? "" : String(decoding: bytes, as: UTF8.self)
    }

    /// The index of the name in `names` (each as UTF-8 bytes) the current scalar is, byte for byte.
    public func scalarIndex(among names: [[UInt8]]) -> Int? {
        let bytes = scalarBytes
        for index in names.indices where names[index].count == bytes.count {
            var equal = true
            names[index].withUnsafeBufferPointer { name in
                for offset in 0..<name.count where name[offset] != bytes[offset] {
                    equal = false
                    break
                }
            }
            if equal { return index }
        }
        return nil
    }

    /// The current node, a scalar or a whole collection (read up to its end), as `YAMLParser`
    /// builds it; nil when the stream cannot be read the simple way or a mapping repeats a key.
    public func readNode() -> YAMLNode? {
        var builder = TreeBuilder(limits: limits)
        // The depth outside the node: reached again once the node is read.
        let outside = kind == .sequenceStart || kind == .mappingStart ? state.pointee.depth - 1 : state.pointee.depth
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
            if state.pointee.depth == outside { break }
            guard advance() else { return nil }
        } while true
        guard builder.problems.isEmpty else { return nil }
        return builder.root
    }
}
