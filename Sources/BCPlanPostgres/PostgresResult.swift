internal import CLibPQ

/// The rows of one statement, in text format, read in place from libpq's result (freed on deinit).
///
/// Rows and columns are 0-based. A value is nil for SQL NULL.
public final class PostgresResult {
    private let result: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = Int(bcplan_PQntuples(result))
        columnCount = Int(bcplan_PQnfields(result))
    }

    deinit {
        bcplan_PQclear(result)
    }

    /// The number of rows an INSERT, UPDATE or DELETE touched (0 for other statements).
    public var affectedRows: Int {
        guard let text = bcplan_PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        bcplan_PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// The value's bytes, without copying them: valid only inside `body`.
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        guard !isNull(row, column), let value = bcplan_PQgetvalue(result, Int32(row), Int32(column)) else { return try body(nil) }
        let length = Int(bcplan_PQgetlength(result, Int32(row), Int32(column)))
        return try value.withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    public func string(_ row: Int, _ column: Int) -> String? {
        withBytes(row, column) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    public func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        withBytes(row, column) { bytes in bytes.map { Array($0) } }
    }

    /// An integer column (int, bigint), or nil for NULL or anything else.
    public func int(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { Int($0) }
    }

    /// A boolean column: PostgreSQL writes `t` or `f`.
    public func bool(_ row: Int, _ column: Int) -> Bool? {
        string(row, column).map { $0 == "t" }
    }
}
