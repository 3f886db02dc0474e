import Foundation

/// The file backend's history: `<state stem>.history.jsonl` beside the state, one compact JSON
/// line per serial (`RecordedWrite`: the `StateHistoryEntry` and what the write changed), mode
/// 0600. Written when the state file is, so the serials a run recorded in its journal arrive
/// together at its checkpoint.
enum StateHistoryLog {
    /// `dir/bcplan.state.history.jsonl` for `dir/bcplan.state.json`.
    static func path(forState statePath: String) -> String {
        StateFile.path(beside: statePath, suffix: ".history.jsonl")
    }

    /// Every write, oldest first (an incomplete last line, from a killed write, is left out).
    static func read(_ path: String) throws(FileProblem) -> [RecordedWrite] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return [] }
            throw FileProblem(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var entries: [RecordedWrite] = []
        var problem: FileProblem?
        _ = try LineReader.forEachLine(of: descriptor, path: path) { number, bytes in
            do throws(JSONShapeError) {
                guard let json = try? JSONParser.parse(Array(bytes)) else { throw JSONShapeError("it is not JSON") }
                entries.append(try RecordedWrite(json: json, path: ""))
                return true
            } catch {
                problem = FileProblem(path: "\(path):\(number)", reason: "not a line of a bcplan state history: \(error.message)")
                return false
            }
        }
        if let problem { throw problem }
        return entries
    }

    /// Appends `writes` durably, leaving out serials of the same lineage the log ends with or
    /// passed already (a checkpoint repeated after a kill). One write for all of them; a failed
    /// one is cut off again.
    static func append(_ writes: [RecordedWrite], to path: String) throws(FileProblem) {
        guard !writes.isEmpty else { return }
        let last = try lastEntry(path)
        let fresh = writes.filter { write in
            guard let last, last.lineage == write.entry.lineage else { return true }
            return write.entry.serial > last.serial
        }
        guard !fresh.isEmpty else { return }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileProblem(path: path, errno: errno) }
        defer { close(descriptor) }
        let end = lseek(descriptor, 0, SEEK_END)
        if end == 0 { fchmod(descriptor, 0o600) }
        let failure = AtomicFile.append(Array(fresh.map { $0.json.compact() + "\n" }.joined().utf8), to: descriptor)
        guard failure == 0 else { throw FileProblem(path: path, errno: failure) }
        if end == 0 { AtomicFile.syncFolder(of: path) }
    }

    /// The last complete entry, read from the end of the file only.
    private static func lastEntry(_ path: String) throws(FileProblem) -> StateHistoryEntry? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw FileProblem(path: path, errno: errno)
        }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return nil }
        let start = max(0, size - 64 << 10)
        lseek(descriptor, start, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: Int(size - start))
        let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        bytes.removeSubrange(count...)
        // The last line that ends in a newline.
        guard let end = bytes.lastIndex(of: 0x0A) else { return nil }
        let begin = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        guard let json = try? JSONParser.parse(Array(bytes[begin..<end])) else { return nil }
        return try? StateHistoryEntry(json: json, path: "")
    }
}
