import Foundation

/// Reads an open file line by line in chunks, so a long log is never held whole in memory.
///
/// Lines end at "\n"; what follows the last "\n" is not a line but `Ending.trailing`.
struct LineReader {
    struct Ending {
        /// Complete lines passed to the body.
        var lines: Int
        /// The bytes after the last newline (an incomplete line); empty when the file ends cleanly.
        var trailing: [UInt8]
        /// True when the body asked to stop early (`lines` and `trailing` then say nothing of the rest).
        var stopped: Bool
    }

    static let chunkSize = 64 << 10

    /// Calls `body` with each complete line (1-based number, bytes without the newline) from the
    /// descriptor's current offset, until the end of the file or until `body` returns false.
    static func forEachLine(
        of descriptor: Int32, path: String, _ body: (Int, ArraySlice<UInt8>) -> Bool
    ) throws(FileProblem) -> Ending {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var lines = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileProblem(path: path, errno: code)
            }
            if count == 0 { return Ending(lines: lines, trailing: pending, stopped: false) }
            pending += buffer[..<count]
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                lines += 1
                guard body(lines, pending[start..<newline]) else {
                    return Ending(lines: lines, trailing: [], stopped: true)
                }
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
    }
}
