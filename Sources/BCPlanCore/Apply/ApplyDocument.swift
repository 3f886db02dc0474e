/// `bcplan apply --format json` (`schema/apply.schema.json`): the outcome of every action of
/// every Business Center applied, one config (`-c FILE`) or a directory, in one shape.
public enum ApplyDocument {
    /// - Parameters:
    ///   - applies: `ApplyReport.json` of each Business Center that ran, in config order.
    ///   - failures: `OutputDocument.failure` of each that stopped before its first action.
    ///   - interrupted: the signal that stopped the run, if one did.
    public static func json(applies: [JSONValue], failures: [JSONValue], interrupted: StopSignal?, exitCode: Int32) -> JSONValue {
        OutputDocument.envelope([
            "applies": .array(applies),
            "failures": .array(failures),
            "interrupted": interrupted.map { .string($0.name) } ?? .null,
            "exit_code": .int(Int(exitCode)),
        ])
    }
}
