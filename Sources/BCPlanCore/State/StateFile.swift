import Foundation

/// The recorded state file on disk, and its backup (`.bcplan/<state>.backup`, the content before
/// the last write, as Terraform keeps `terraform.tfstate.backup`; a run file, see `RunFiles`).
public enum StateFile {
    /// `dir/bcplan.state<suffix>` for `dir/bcplan.state.json`: the files kept beside a state, named
    /// after its stem (only the last extension goes).
    static func path(beside statePath: String, suffix: String) -> String {
        let directory = ConfigLoader.directory(of: statePath)
        let name = ConfigLoader.stem(of: statePath) + suffix
        switch directory {
        case "": return name
        case "/": return "/" + name
        default: return directory + "/" + name
        }
    }

    /// `.bcplan/bcplan.state.json.backup` for `bcplan.state.json`.
    public static func backupPath(forState path: String) -> String {
        RunFiles.path(for: path, suffix: ".backup")
    }

    /// Where bcplan 0.1.0 kept the backup: `bcplan.state.json.backup`.
    static func legacyBackupPath(forState path: String) -> String {
        RunFiles.legacyPath(for: path, suffix: ".backup")
    }

    /// The backup of the state at `path` that exists: the current name, else the one bcplan 0.1.0
    /// used; nil when there is none.
    static func existingBackupPath(forState path: String) -> String? {
        [backupPath(forState: path), legacyBackupPath(forState: path)].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The recorded state at `path`, or nil on a first run (no file yet).
    ///
    /// A state that cannot be read is never replaced: the error names the file, says it was left
    /// as it is, and points to the backup when there is one.
    public static func read(_ path: String) throws(FileProblem) -> RecordedState? {
        do {
            return try JSONFile.read(RecordedState.self, from: path, what: "bcplan state file")
        } catch {
            guard let backup = existingBackupPath(forState: path) else { throw error }
            throw FileProblem(
                path: error.path,
                reason: error.reason + "; the state before its last write is in \(backup): if that one is intact, "
                    + "compare the two, copy it over \(path) and run bcplan refresh")
        }
    }

    /// Replaces the state atomically (temporary file, fsync, rename), mode 0600, after making the
    /// current file the backup.
    public static func write(_ state: RecordedState, to path: String) throws(FileProblem) {
        try keepBackup(of: path)
        try AtomicFile.write(Data(state.json.rendered().utf8), to: path)
    }

    /// Makes the file now at `path` the backup, atomically: a hard link to it under a temporary
    /// name, renamed over the backup. No byte is copied, and since every write of the state
    /// replaces the file by a rename, the linked file keeps the previous content. Where hard links
    /// are not supported the content is copied instead.
    static func keepBackup(of path: String) throws(FileProblem) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw FileProblem(path: path, errno: errno)
        }
        try RunFiles.prepareFolder(in: ConfigLoader.directory(of: path))
        let backup = backupPath(forState: path)
        // A backup where bcplan 0.1.0 kept it is older than the one about to be made.
        let legacy = legacyBackupPath(forState: path)
        AtomicFile.removeLeftovers(of: legacy, in: AtomicFile.folder(of: legacy))
        if unlink(legacy) != 0, errno != ENOENT { throw FileProblem(path: legacy, errno: errno) }
        // Already the same file: the last state write failed after making the backup.
        var existing = stat()
        if lstat(backup, &existing) == 0, existing.st_dev == status.st_dev, existing.st_ino == status.st_ino { return }
        let directory = AtomicFile.folder(of: backup)
        AtomicFile.removeLeftovers(of: backup, in: directory)
        let temporary = AtomicFile.temporaryPath(for: backup, in: directory)
        guard link(path, temporary) == 0 else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileProblem(path: path, reason: "cannot be read to keep it as \(backup)")
            }
            try AtomicFile.write(data, to: backup)
            return
        }
        // The state file is written 0600; one made by hand may not be.
        if status.st_mode & 0o077 != 0 { chmod(temporary, 0o600) }
        let renamed = rename(temporary, backup) == 0
        let code = errno
        // rename(2) leaves both names when they are links to one file; never leave the temporary.
        unlink(temporary)
        guard renamed else { throw FileProblem(path: backup, errno: code) }
    }
}
