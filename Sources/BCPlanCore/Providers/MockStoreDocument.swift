/// The mock store file's content: a snapshot, and how many journal lines it holds.
struct MockStoreDocument: DirectlyReadable {
    var snapshot: Snapshot
    var requestsCommitted: Int

    init(json: JSONValue, path: String) throws(JSONShapeError) {
        snapshot = try Snapshot(json: json, path: path)
        requestsCommitted = json["requests_committed"]?.intValue ?? 0
    }

    private init(snapshot: Snapshot, requestsCommitted: Int) {
        self.snapshot = snapshot
        self.requestsCommitted = requestsCommitted
    }

    /// Straight from the bytes (`SnapshotReader`): the store of a Business Center at the platform
    /// maximum is about 4 MB.
    static func read(directlyFrom bytes: [UInt8]) -> MockStoreDocument? {
        guard let document = SnapshotReader.read(bytes) else { return nil }
        return MockStoreDocument(
            snapshot: document.snapshot, requestsCommitted: document.others["requests_committed"]?.intValue ?? 0)
    }
}
