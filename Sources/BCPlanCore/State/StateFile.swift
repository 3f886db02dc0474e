/// The recorded state file on disk (reading here; writing arrives with `apply`).
public enum StateFile {
    /// The recorded state at `path`, or nil on a first run (no file yet).
    public static func read(_ path: String) throws(FileProblem) -> RecordedState? {
        try JSONFile.read(RecordedState.self, from: path, what: "bcplan state file")
    }
}
