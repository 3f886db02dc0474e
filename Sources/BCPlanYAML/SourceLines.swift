/// A file's lines as libyaml counts them (CR LF, CR, LF, NEL, LS and PS each end one), for
/// explaining an error in terms of what is written where. Built only when a file fails to parse.
struct SourceLines {
    private let bytes: [UInt8]
    /// The byte offset where each line starts; line n (1-based) starts at `starts[n - 1]`.
    private let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let length = Self.lineBreakLength(in: bytes, at: index)
            if length > 0 {
                index += length
                starts.append(index)
            } else {
                index += 1
            }
        }
        self.starts = starts
    }

    /// How many bytes the line break at `index` takes (CR LF is one break of two), or 0 when no
    /// line break starts there.
    @inline(__always)
    static func lineBreakLength(in bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0x0A: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return 3
        default: return 0
        }
    }

    var count: Int { starts.count }

    /// The characters of `line` (1-based), without its line break; empty past the last line.
    func characters(ofLine line: Int) -> [Unicode.Scalar] {
        guard line >= 1, line <= starts.count else { return [] }
        var end = starts[line - 1]
        while end < bytes.count, Self.lineBreakLength(in: bytes, at: end) == 0 { end += 1 }
        // The input was checked to be UTF-8 before parsing.
        return Array(String(decoding: bytes[starts[line - 1]..<end], as: UTF8.self).unicodeScalars)
    }

    /// The character at a 1-based line and column, nil past the end of the line.
    func character(at position: TextPosition) -> Unicode.Scalar? {
        let characters = characters(ofLine: position.line)
        guard position.column >= 1, position.column <= characters.count else { return nil }
        return characters[position.column - 1]
    }

    /// The 1-based column of the first character of `line` that is not a space or a tab, or nil
    /// for a blank line.
    func firstColumn(ofLine line: Int) -> Int? {
        characters(ofLine: line).firstIndex { $0 != " " && $0 != "\t" }.map { $0 + 1 }
    }

    /// The nearest line before `line` that holds more than spaces and a comment.
    func previousContentLine(before line: Int) -> Int? {
        var candidate = line - 1
        while candidate >= 1 {
            if let column = firstColumn(ofLine: candidate), characters(ofLine: candidate)[column - 1] != "#" {
                return candidate
            }
            candidate -= 1
        }
        return nil
    }
}
