import Foundation

/// The mock provider's files: the store (a snapshot, plus how many requests it has taken in) and
/// beside it a journal of every committed request, one JSON line each (`<store stem>.requests.jsonl`).
/// Both are the simulated Business Center, so neither is a run file (`RunFiles`): the journal's
/// later lines are part of the store until a fold takes them in.
///
/// A request is committed when its journal line is durable: the line holds the call and what it
/// changed (the objects it set and removed), so committing one costs the size of the call, not of
/// the Business Center. The store is rewritten only now and then (`fold`: when an apply ends, or
/// before `bcplan mock accept` changes it); its `requests_committed` says how many journal lines it
/// holds, and loading replays the lines after those. A last line without its newline was never
/// committed (the process died writing it) and is cut off by the next writer; so are lines past
/// the count that carry no changes (journals of bcplan versions that rewrote the store per call).
///
/// Writers (apply, `mock accept`) hold an exclusive `flock` on the journal while they look at it and
/// write, so two processes never interleave; readers take no lock (the store is replaced
/// atomically and the journal only grows).
struct MockStoreFile {
    let path: String
    let journalPath: String

    init(path: String) {
        self.path = path
        let directory = ConfigLoader.directory(of: path)
        journalPath = (directory.isEmpty ? "" : directory + "/") + ConfigLoader.stem(of: path) + ".requests.jsonl"
    }

    /// Identifies one version of the store file and of the journal, to notice writes by another process.
    struct Identity: Equatable {
        var store: FileVersion?
        var journalLength: Int64
    }

    struct FileVersion: Equatable {
        var inode: UInt64
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    struct Contents {
        var snapshot: Snapshot
        /// Journal lines the store file holds.
        var folded: Int
        /// Journal lines in all (committed requests).
        var committed: Int
        /// Where the journal's complete lines end, in bytes.
        var journalLength: Int64
        var identity: Identity
    }

    func identity() -> Identity {
        Identity(store: Self.version(of: path), journalLength: Self.version(of: journalPath)?.size ?? 0)
    }

    private static func version(of path: String) -> FileVersion? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
        return FileVersion(inode: UInt64(status.st_ino), size: Int64(status.st_size), modifiedNanoseconds: modified)
    }

    /// The store with the journal's later lines replayed, or an empty Business Center with
    /// `businessCenterID` when there is no file yet.
    func load(businessCenterID: String) throws(ProviderError) -> Contents {
        let identity = identity()
        let document: MockStoreDocument?
        do {
            // A shape error reads "<path>: not a valid mock store: …; the file was left as it is".
            document = try JSONFile.read(MockStoreDocument.self, from: path, what: "mock store")
        } catch {
            throw ProviderError(error.description)
        }
        var snapshot = Snapshot(businessCenter: BusinessCenterInfo(id: businessCenterID))
        var folded = 0
        if let document {
            snapshot = document.snapshot
            guard snapshot.businessCenter.id == businessCenterID else {
                throw ProviderError(
                    "\(path): the mock store holds Business Center \(snapshot.businessCenter.id), but the config declares \(businessCenterID)")
            }
            folded = document.requestsCommitted
        }
        let journal = try readJournal(after: folded)
        if !journal.changes.isEmpty {
            var indexed = IndexedSnapshot(snapshot)
            for changes in journal.changes { indexed.apply(changes) }
            snapshot = indexed.snapshot
        }
        return Contents(
            snapshot: snapshot, folded: folded, committed: folded + journal.changes.count, journalLength: journal.length,
            identity: identity)
    }

    /// The changes of the journal's lines after the first `folded`, up to the first line that is
    /// not a committed request; and where that is, in bytes.
    private func readJournal(after folded: Int) throws(ProviderError) -> (changes: [SnapshotChanges], length: Int64) {
        let descriptor = open(journalPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return ([], 0) }
            throw ProviderError(FileProblem(path: journalPath, errno: errno).description)
        }
        defer { close(descriptor) }
        var changes: [SnapshotChanges] = []
        var length: Int64 = 0
        var problem: String?
        do {
            _ = try LineReader.forEachLine(of: descriptor, path: journalPath) { number, bytes in
                if number > folded {
                    guard case .object(let entry)? = try? JSONParser.parse(Array(bytes)), entry["set"] != nil else {
                        // Not committed: written by a version that committed in the store.
                        return false
                    }
                    do throws(JSONShapeError) {
                        changes.append(try SnapshotChanges(json: entry, path: ""))
                    } catch {
                        problem = "\(journalPath):\(number): not a mock request: \(error.message); the file was left as it is"
                        return false
                    }
                }
                length += Int64(bytes.count + 1)
                return true
            }
        } catch {
            throw ProviderError(error.description)
        }
        if let problem { throw ProviderError(problem) }
        return (changes, length)
    }

    /// Opens the journal (creating it, mode 0600) with an exclusive `flock`, for `body`.
    func withJournal<T>(_ body: (Int32) throws(ProviderError) -> T) throws(ProviderError) -> T {
        let descriptor = open(journalPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ProviderError(FileProblem(path: journalPath, errno: errno).description) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ProviderError(FileProblem(path: journalPath, errno: errno).description) }
        }
        return try body(descriptor)
    }

    /// Cuts what follows the last committed line (see the type's comment).
    func trimJournal(_ descriptor: Int32, toLength length: Int64) throws(ProviderError) {
        let end = lseek(descriptor, 0, SEEK_END)
        guard Int64(end) > length else { return }
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw ProviderError(FileProblem(path: journalPath, errno: errno).description)
        }
    }

    /// Appends one request durably; returns the journal's new length.
    func append(_ entry: JSONValue, to descriptor: Int32) throws(ProviderError) -> Int64 {
        let line = Array((entry.compact() + "\n").utf8)
        let end = lseek(descriptor, 0, SEEK_END)
        let failure = AtomicFile.append(line, to: descriptor)
        guard failure == 0 else { throw ProviderError(FileProblem(path: journalPath, errno: failure).description) }
        if end == 0 { AtomicFile.syncFolder(of: journalPath) }
        return Int64(end) + Int64(line.count)
    }

    /// Replaces the store atomically with `snapshot`, holding the first `committed` journal lines.
    func save(_ snapshot: Snapshot, committed: Int) throws(ProviderError) {
        var object = snapshot.jsonMembers
        object["requests_committed"] = .int(committed)
        do {
            try AtomicFile.write(Data(JSONValue.object(object).rendered().utf8), to: path)
        } catch {
            throw ProviderError("cannot write the mock store: \(error)")
        }
    }
}
