/// Why a config of a directory cannot run beside the others, worded in one place.
public enum DirectoryConflict: DiagnosticMessage {
    /// `a.yaml` and `a.yml`: their saved plans and default state files would collide.
    case sameName(files: String)
    /// The same state file (`what` is "state file") or PostgreSQL workspace.
    case sameState(files: String, what: String)
    case sameBusinessCenter(files: String, id: String)

    public var description: String {
        switch self {
        case .sameName(let files):
            "\(files) have the same name apart from the extension, so their saved plans and default state files would collide; rename all but one, so none of them was run"
        case .sameState(let files, let what):
            "\(files) use the same \(what); give each Business Center its own state (state: in the config), so none of them was run"
        case .sameBusinessCenter(let files, let id):
            "\(files) all declare Business Center \(id); keep one config per Business Center, so none of them was run"
        }
    }

    public var code: String {
        switch self {
        case .sameName: "same_config_name"
        case .sameState: "same_state"
        case .sameBusinessCenter: "same_business_center"
        }
    }
}
