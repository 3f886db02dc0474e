import Foundation
import Synchronization

/// Writes a file so that readers see the old content or the new, never a mix: a temporary file in
/// the run folder beside it (`RunFiles`, so a write cut short leaves nothing a commit picks up),
/// fsync, rename, fsync of the folder.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(FileProblem) {
        let directory = folder(of: path)
        try RunFiles.prepareFolder(in: directory)
        removeLeftovers(of: path, in: directory)
        let temporary = temporaryPath(for: path, in: directory)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw FileProblem(path: path, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fchmod(descriptor, mode) != 0 { failure = errno }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw FileProblem(path: path, errno: failure)
        }
        syncFolder(of: path)
    }

    /// Makes the folder's entries of `path` (a new or renamed file) durable.
    static func syncFolder(of path: String) {
        let folder = open(folder(of: path), O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Appends all of `bytes` to the open file `descriptor` and makes them durable (fsync). On a
    /// failure the file is cut back to where it ended, so no part of a line stays behind (a full
    /// disk or a file-size limit can take part of one). Returns 0, or the errno.
    static func append(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        let end = lseek(descriptor, 0, SEEK_END)
        var failure: Int32 = 0
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if failure != 0, end >= 0, offset > 0 { _ = ftruncate(descriptor, end) }
        return failure
    }

    /// A fresh name in the run folder beside `path` for a file that becomes `path` by a rename
    /// (`.bcplan/<name>.<pid>.<random>.tmp`); `removeLeftovers` knows the pattern.
    static func temporaryPath(for path: String, in directory: String) -> String {
        "\(RunFiles.folder(in: directory))/\(RunFiles.fileName(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// The folder of `path` for system calls: "." when it has none.
    static func folder(of path: String) -> String {
        ConfigLoader.directory(of: path).isEmpty ? "." : ConfigLoader.directory(of: path)
    }

    /// Paths whose folder was already swept by this process.
    private static let swept = Mutex<Set<String>>([])

    /// Removes temporary files that writers of `path` killed mid-write left behind (their process
    /// no longer runs), once per path and process: in the run folder, and under the name bcplan
    /// 0.1.0 gave them beside `path` (`.<stem>.<pid>.<n>.tmp`).
    static func removeLeftovers(of path: String, in directory: String) {
        guard swept.withLock({ $0.insert(path).inserted }) else { return }
        removeDeadWriters(in: RunFiles.folder(in: directory), prefix: RunFiles.fileName(of: path) + ".")
        removeDeadWriters(in: directory, prefix: ".\(ConfigLoader.stem(of: path)).")
    }

    /// Removes `<prefix><pid>.<n>.tmp` files in `directory` whose pid no longer runs.
    private static func removeDeadWriters(in directory: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let parts = name.dropFirst(prefix.count).split(separator: ".")
            guard parts.count == 3, let pid = Int32(parts[0]), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink("\(directory)/\(name)") }
        }
    }
}
