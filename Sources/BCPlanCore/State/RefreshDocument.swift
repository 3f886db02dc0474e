/// `bcplan refresh --format json` (`schema/refresh.schema.json`): what each refresh recorded and
/// the drift it found, for one config (`-c FILE`) or every config of a directory, in one shape.
public enum RefreshDocument {
    /// - Parameters:
    ///   - refreshes: `RefreshSession.Result.json` of each, in config order.
    ///   - driftRecorded: true when any of them recorded drift.
    ///   - failures: `OutputDocument.failure` of each Business Center that could not be refreshed.
    public static func json(refreshes: [JSONValue], driftRecorded: Bool, failures: [JSONValue], exitCode: Int32) -> JSONValue {
        OutputDocument.envelope([
            "refreshes": .array(refreshes),
            "failures": .array(failures),
            "drift_recorded": .bool(driftRecorded),
            "exit_code": .int(Int(exitCode)),
        ])
    }
}
