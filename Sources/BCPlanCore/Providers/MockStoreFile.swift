import Foundation

/// The mock provider's files: the store (a snapshot, plus how many requests it has committed) and
/// beside it a journal of every committed request, one JSON line each (`<store stem>.requests.jsonl`).
///
/// The journal is written first and the store second; a journal line beyond the store's count was
/// never committed (the process died between the two writes) and is cut off on the next load, so
/// the journal lists exactly the requests whose effects the store holds.
struct MockStoreFile {
    let path: String
    let journalPath: String

    init(path: String) {
        self.path = path
        let directory = ConfigLoader.directory(of: path)
        journalPath = (directory.isEmpty ? "" : directory + "/") + ConfigLoader.stem(of: path) + ".requests.jsonl"
    }

    /// Identifies one version of the store file, to notice writes by another process.
    struct Identity: Equatable {
        var inode: UInt64
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    struct Contents {
        var snapshot: Snapshot
        /// Requests committed so far (the journal's line count).
        var committed: Int
        var identity: Identity?
    }

    func identity() -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
        return Identity(inode: UInt64(status.st_ino), size: Int64(status.st_size), modifiedNanoseconds: modified)
    }

    /// The store, or an empty Business Center with `businessCenterID` when there is no file yet.
    func load(businessCenterID: String) throws(ProviderError) -> Contents {
        let identity = identity()
        let document: JSONValue?
        do {
            document = try JSONFile.read(JSONDocument.self, from: path, what: "mock store")?.value
        } catch {
            throw ProviderError(error.description)
        }
        guard let document else {
            return Contents(snapshot: Snapshot(businessCenter: BusinessCenterInfo(id: businessCenterID)), committed: 0, identity: nil)
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot(json: document, path: "")
        } catch {
            throw ProviderError("\(path): not a valid mock store: \(error.message); the file was left as it is")
        }
        guard snapshot.businessCenter.id == businessCenterID else {
            throw ProviderError(
                "\(path): the mock store holds Business Center \(snapshot.businessCenter.id), but the config declares \(businessCenterID)")
        }
        return Contents(snapshot: snapshot, committed: document["requests_committed"]?.intValue ?? 0, identity: identity)
    }

    /// Cuts journal lines the store never committed (see the type's comment).
    func trimJournal(toLines committed: Int) throws(ProviderError) {
        guard let data = FileManager.default.contents(atPath: journalPath) else { return }
        var lines = 0
        var end = 0
        for (offset, byte) in data.enumerated() where byte == UInt8(ascii: "\n") {
            lines += 1
            end = offset + 1
            if lines == committed { break }
        }
        let keep = committed == 0 ? 0 : end
        guard keep < data.count else { return }
        guard truncate(journalPath, off_t(keep)) == 0 else { throw ProviderError(FileProblem(path: journalPath, errno: errno).description) }
    }

    /// Appends one request to the journal and makes it durable.
    func appendToJournal(_ entry: JSONValue) throws(ProviderError) {
        let line = Array((entry.compact() + "\n").utf8)
        let descriptor = open(journalPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw ProviderError(FileProblem(path: journalPath, errno: errno).description) }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress!, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw ProviderError(FileProblem(path: journalPath, errno: errno).description)
        }
    }

    /// Replaces the store atomically; returns the new file's identity.
    func save(_ snapshot: Snapshot, committed: Int) throws(ProviderError) -> Identity? {
        var object = snapshot.jsonMembers
        object["requests_committed"] = .int(committed)
        do {
            try AtomicFile.write(Data(JSONValue.object(object).rendered().utf8), to: path)
        } catch {
            throw ProviderError("cannot write the mock store: \(error)")
        }
        return identity()
    }
}
