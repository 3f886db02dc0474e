/// A 1-based line and column (in characters) inside the file being explained.
struct TextPosition: Hashable, Comparable {
    var line: Int
    var column: Int

    static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
