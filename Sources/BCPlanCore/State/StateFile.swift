import Foundation

/// The recorded state file on disk.
public enum StateFile {
    /// The recorded state at `path`, or nil on a first run (no file yet).
    public static func read(_ path: String) throws(FileProblem) -> RecordedState? {
        try JSONFile.read(RecordedState.self, from: path, what: "bcplan state file")
    }

    /// Replaces the state atomically (temporary file, fsync, rename), mode 0600.
    public static func write(_ state: RecordedState, to path: String) throws(FileProblem) {
        try AtomicFile.write(Data(state.json.rendered().utf8), to: path)
    }
}
