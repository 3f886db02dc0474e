import Foundation

/// Where bcplan keeps the files that belong to one run and never to a commit: the state lock, the
/// state backup and the temporary files of atomic writes. They live in a `.bcplan` folder beside
/// the file they serve (`business-centers/.bcplan/northwind.state.json.lock`), which bcplan creates
/// with a `.gitignore` of its own (`*`), so `git add -A` never picks them up and one line,
/// `.bcplan/`, covers them anywhere.
///
/// Up to bcplan 0.1.0 these files sat beside the state (`<state>.lock`, `<state>.backup`,
/// `.<stem>.<pid>.<n>.tmp`); the old names are still honoured (`legacyPath`): a lock there still
/// holds, and the leftovers are cleaned up.
public enum RunFiles {
    public static let folderName = ".bcplan"

    /// What bcplan writes into the folder's `.gitignore`.
    static let gitignore = "# bcplan's files of one run (state locks, backups, temporary files): never commit them.\n*\n"

    /// The run folder for files in `directory` ("" or "." for the current one); a directory that is
    /// a run folder already is its own.
    public static func folder(in directory: String) -> String {
        if directory.isEmpty || directory == "." { return folderName }
        if directory == folderName || directory.hasSuffix("/" + folderName) { return directory }
        return directory.hasSuffix("/") ? directory + folderName : directory + "/" + folderName
    }

    /// `dir/.bcplan/<name of path><suffix>`: the run file of `path` ending in `suffix` (".lock").
    public static func path(for path: String, suffix: String) -> String {
        folder(in: ConfigLoader.directory(of: path)) + "/" + fileName(of: path) + suffix
    }

    /// Where bcplan 0.1.0 kept the run file of `path` ending in `suffix`: beside it.
    public static func legacyPath(for path: String, suffix: String) -> String {
        path + suffix
    }

    /// Creates the run folder for files in `directory` when it is missing, with its `.gitignore`.
    static func prepareFolder(in directory: String) throws(FileProblem) {
        let folder = folder(in: directory)
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw FileProblem(path: folder, errno: errno) }
        let ignore = folder + "/.gitignore"
        // Written once; a concurrent run may write the same bytes first.
        let descriptor = open(ignore, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw FileProblem(path: ignore, errno: errno)
        }
        let bytes = Array(gitignore.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let code = errno
        close(descriptor)
        if written != bytes.count {
            unlink(ignore)
            throw FileProblem(path: ignore, errno: written < 0 ? code : EIO)
        }
    }

    /// The last path component: "northwind.state.json" for "bcs/northwind.state.json".
    static func fileName(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}
