import Foundation

/// The write-ahead journal of the file backend: `<state>.journal` beside the state file, one
/// compact JSON line per `StateChange` since the state file was last written, each fsync'd
/// before the write returns. A run writes the state file once at its end (`checkpoint`) and
/// removes the journal; a run that finds a journal (left by a killed apply) replays it first.
///
/// Not a run file (`RunFiles`): a journal left behind holds outcomes the state file lacks, so it
/// goes wherever the state goes (the GitOps workflow commits it) until a run takes it in.
///
/// A line holds the change's history entry, the objects it sets and removes, `refreshed_at` and
/// where the audit log ends (`audit`). Lines whose serial the state file already has (a run
/// killed between writing the state file and removing the journal) are skipped; the others must
/// continue the state file's lineage and serial one by one. An incomplete last line is a write the
/// run was killed in: it is not part of the state, and the next writer cuts it off.
enum StateJournal {
    struct Line: Sendable {
        var change: StateChange
        var auditHead: AuditHead?
    }

    /// `bcplan.state.json.journal` for `bcplan.state.json`.
    static func path(forState statePath: String) -> String {
        statePath + ".journal"
    }

    /// The line for `change`, without its newline.
    static func text(_ change: StateChange, auditHead: AuditHead?) -> String {
        var object = change.snapshot.json
        object["entry"] = change.entry.json
        object["refreshed_at"] = change.refreshedAt.map(JSONValue.string) ?? .null
        object["audit"] = auditHead?.json ?? .null
        return JSONValue.object(object).compact()
    }

    /// The journal's complete lines, or nil when there is none.
    static func read(_ path: String) throws(FileProblem) -> [Line]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw FileProblem(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var lines: [Line] = []
        var problem: FileProblem?
        _ = try LineReader.forEachLine(of: descriptor, path: path) { number, bytes in
            do throws(JSONShapeError) {
                lines.append(try parse(bytes, number: number))
                return true
            } catch {
                problem = FileProblem(path: "\(path):\(number)", reason: "not a line of a bcplan state journal: \(error.message); the file was left as it is")
                return false
            }
        }
        if let problem { throw problem }
        return lines
    }

    private static func parse(_ bytes: ArraySlice<UInt8>, number: Int) throws(JSONShapeError) -> Line {
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(bytes))
        } catch {
            throw JSONShapeError("it is not JSON: \(error)")
        }
        guard case .object(let object) = json, let entry = object["entry"] else {
            throw JSONShapeError("expected an object with an 'entry'")
        }
        var head: AuditHead?
        if let audit = object["audit"], audit != .null { head = try AuditHead(json: audit, path: "audit") }
        let change = StateChange(
            entry: try StateHistoryEntry(json: entry, path: "entry"), refreshedAt: object["refreshed_at"]?.stringValue,
            snapshot: try SnapshotChanges(json: object, path: ""))
        return Line(change: change, auditHead: head)
    }

    /// `recorded` with every line that continues it applied, and the writes of those lines for the history.
    static func replay(
        _ lines: [Line], onto recorded: RecordedState?, path: String
    ) throws(FileProblem) -> (state: RecordedState?, entries: [RecordedWrite]) {
        var state = recorded
        var indexed: IndexedSnapshot?
        var entries: [RecordedWrite] = []
        for (offset, line) in lines.enumerated() {
            let change = line.change
            if let current = state, change.lineage == current.lineage, change.serial <= current.serial { continue }
            let expected = (state?.serial ?? 0) + 1
            guard change.serial == expected, state.map({ change.lineage == $0.lineage }) ?? true else {
                let found = state.map { "lineage \($0.lineage.prefix(8))…, serial \($0.serial)" } ?? "no state file"
                throw FileProblem(
                    path: "\(path):\(offset + 1)",
                    reason: "the journal does not continue the state (it writes lineage \(change.lineage.prefix(8))…, serial "
                        + "\(change.serial), but the state file has \(found)); the files were left as they are")
            }
            if indexed == nil {
                guard let base = state?.snapshot ?? change.snapshot.businessCenter.map({ Snapshot(businessCenter: $0) }) else {
                    throw FileProblem(path: "\(path):\(offset + 1)", reason: "the journal starts a state without its Business Center; the file was left as it is")
                }
                indexed = IndexedSnapshot(base)
            }
            indexed!.apply(change.snapshot)
            state = RecordedState(
                lineage: change.lineage, serial: change.serial, refreshedAt: change.refreshedAt ?? state?.refreshedAt,
                snapshot: Snapshot(businessCenter: indexed!.businessCenter), auditHead: line.auditHead ?? state?.auditHead)
            entries.append(RecordedWrite(change))
        }
        if let indexed { state?.snapshot = indexed.snapshot }
        return (state, entries)
    }

    /// Appends lines to the journal, each durable (fsync) before `append` returns; creates the
    /// file (mode 0600) on the first. A failed append cuts off what it wrote, and removes the file
    /// when nothing else is in it.
    final class Appender {
        let path: String
        private var descriptor: Int32 = -1

        init(path: String) {
            self.path = path
        }

        deinit {
            close()
        }

        func append(_ line: String) throws(FileProblem) {
            var created = false
            if descriptor < 0 {
                descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else { throw FileProblem(path: path, errno: errno) }
                created = lseek(descriptor, 0, SEEK_END) == 0
                if created { fchmod(descriptor, 0o600) }
            }
            let end = lseek(descriptor, 0, SEEK_END)
            let failure = AtomicFile.append(Array((line + "\n").utf8), to: descriptor)
            guard failure == 0 else {
                if end == 0 {
                    unlink(path)
                    close()
                }
                throw FileProblem(path: path, errno: failure)
            }
            // A new file's name must survive a crash too.
            if created { AtomicFile.syncFolder(of: path) }
        }

        func close() {
            if descriptor >= 0 { Foundation.close(descriptor) }
            descriptor = -1
        }

        /// Removes the journal (after the state file took its content in).
        func remove() throws(FileProblem) {
            close()
            guard unlink(path) == 0 || errno == ENOENT else { throw FileProblem(path: path, errno: errno) }
            AtomicFile.syncFolder(of: path)
        }
    }
}
