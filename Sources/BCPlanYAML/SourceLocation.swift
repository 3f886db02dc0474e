import Synchronization

/// A position in a source file.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars, as libyaml does. The file is
/// kept as an index into a process-wide table of names, so a location is plain data: every node
/// of a 4,000-member file carries one, and copying a `String` there would cost a reference count
/// on each copy. Line and column are stored in 32 bits (a file is at most `YAMLLimits.maxBytes`),
/// so a location takes 12 bytes instead of 24.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    private let fileIndex: UInt32
    private let storedLine: Int32
    private let storedColumn: Int32

    public var line: Int { Int(storedLine) }
    public var column: Int { Int(storedColumn) }

    public init(file: String, line: Int, column: Int) {
        self.fileIndex = FileNames.shared.index(of: file)
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// A location in the same file as `other`, without looking the file name up again.
    init(sameFileAs other: SourceLocation, line: Int, column: Int) {
        self.fileIndex = other.fileIndex
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public var file: String { FileNames.shared.name(at: fileIndex) }

    /// `file:line:column`, as compilers print it.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.fileIndex != rhs.fileIndex { return lhs.file < rhs.file }
        return (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }
}

/// The file names that locations point into; only ever grows (a run reads a handful of files).
final class FileNames: Sendable {
    static let shared = FileNames()

    private let table = Mutex<(names: [String], indices: [String: UInt32])>(([], [:]))

    func index(of name: String) -> UInt32 {
        table.withLock { table in
            if let index = table.indices[name] { return index }
            let index = UInt32(table.names.count)
            table.names.append(name)
            table.indices[name] = index
            return index
        }
    }

    func name(at index: UInt32) -> String {
        table.withLock { $0.names[Int(index)] }
    }
}
