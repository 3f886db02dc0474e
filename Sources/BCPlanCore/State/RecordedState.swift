/// What bcplan saw and did last (DESIGN §3): a snapshot plus lineage, serial and refresh time, all
/// at the top level of one JSON object.
public struct RecordedState: Sendable, Hashable {
    public static let formatVersion = 1

    /// A UUID fixed when the state is first written.
    public var lineage: String
    /// Incremented on every write.
    public var serial: Int
    /// RFC 3339.
    public var refreshedAt: String?
    public var snapshot: Snapshot

    public init(lineage: String, serial: Int, refreshedAt: String?, snapshot: Snapshot) {
        self.lineage = lineage
        self.serial = serial
        self.refreshedAt = refreshedAt
        self.snapshot = snapshot
    }
}

extension RecordedState: Encodable {
    enum CodingKeys: String, CodingKey {
        case lineage, serial
        case formatVersion = "format_version"
        case refreshedAt = "refreshed_at"
    }

    public func encode(to encoder: Encoder) throws {
        try snapshot.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(lineage, forKey: .lineage)
        try container.encode(serial, forKey: .serial)
        try container.encode(refreshedAt, forKey: .refreshedAt)
    }
}
