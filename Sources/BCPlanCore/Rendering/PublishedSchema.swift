/// The JSON Schemas in `schema/`, one per document: what `bcplan schema NAME` prints and a test
/// compares with the committed file.
public enum PublishedSchema: String, Sendable, CaseIterable {
    /// The config file (`bcplan.yaml`).
    case config
    /// `bcplan validate --format json`.
    case validate
    /// `bcplan log --format json`.
    case log

    /// The file under `schema/`.
    public var fileName: String {
        switch self {
        case .config: "bcplan.schema.json"
        case .validate: "validate.schema.json"
        case .log: "log.schema.json"
        }
    }

    public var document: JSONValue {
        switch self {
        case .config: JSONSchemaGenerator.configSchema()
        case .validate: OutputSchema.validate()
        case .log: OutputSchema.log()
        }
    }
}
