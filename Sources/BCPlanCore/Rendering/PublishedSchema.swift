/// The JSON Schemas in `schema/`, one per document: what `bcplan schema NAME` prints and a test
/// compares with the committed file.
public enum PublishedSchema: String, Sendable, CaseIterable {
    /// The config file (`bcplan.yaml`).
    case config
    /// `bcplan validate --format json`.
    case validate
    /// `bcplan log --format json`.
    case log
    /// `bcplan apply --format json`.
    case apply
    /// `bcplan refresh --format json`.
    case refresh

    /// The file under `schema/`.
    public var fileName: String {
        switch self {
        case .config: "bcplan.schema.json"
        case .validate: "validate.schema.json"
        case .log: "log.schema.json"
        case .apply: "apply.schema.json"
        case .refresh: "refresh.schema.json"
        }
    }

    public var document: JSONValue {
        switch self {
        case .config: JSONSchemaGenerator.configSchema()
        case .validate: OutputSchema.validate()
        case .log: OutputSchema.log()
        case .apply: OutputSchema.apply()
        case .refresh: OutputSchema.refresh()
        }
    }
}
