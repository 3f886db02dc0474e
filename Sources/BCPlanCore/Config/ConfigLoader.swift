import BCPlanYAML
import Foundation

/// Reads a config file from disk: bytes, YAML tree, typed config, and every diagnostic on the way.
public enum ConfigLoader {
    /// What loading produced. `config` is nil when any diagnostic is an error.
    public struct Result: Sendable {
        public var config: Config?
        public var diagnostics: [Diagnostic]
        /// The file's bytes, for the config digest of a plan.
        public var bytes: [UInt8]
        /// False when the file could not be read.
        private var wasRead: Bool

        init(config: Config?, diagnostics: [Diagnostic], source wasRead: Bool, bytes: [UInt8]) {
            self.config = config
            self.diagnostics = diagnostics
            self.bytes = bytes
            self.wasRead = wasRead
        }

        /// The file's text, for rendering source lines under diagnostics; nil if it could not be
        /// read. Made when asked for: a valid file's 1.7 MB need no second copy.
        public var source: String? { wasRead ? String(decoding: bytes, as: UTF8.self) : nil }
    }

    /// Loads `path` (as the user wrote it; locations use this spelling).
    public static func load(path: String, limits: YAMLLimits = .default) -> Result {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path, limit: limits.maxBytes)
        } catch {
            return Result(
                config: nil, diagnostics: [.error(ConfigMessage.unreadable(path: error.path, reason: error.reason), at: nil)],
                source: false, bytes: [])
        }
        return decode(bytes: bytes, path: path, limits: limits)
    }

    /// Decodes bytes already read, as if they came from `path`.
    public static func decode(bytes: [UInt8], path: String, limits: YAMLLimits = .default) -> Result {
        if let config = decodeFromEvents(bytes: bytes, path: path, limits: limits) {
            return Result(config: config, diagnostics: [], source: true, bytes: bytes)
        }
        return decodeFromTree(bytes: bytes, path: path, limits: limits)
    }

    /// The config of a file `ConfigEventDecoder` is sure is valid, read without a node tree for its
    /// lists; nil for any other file.
    static func decodeFromEvents(bytes: [UInt8], path: String, limits: YAMLLimits) -> Config? {
        guard bytes.count <= limits.maxBytes else { return nil }
        let checked = YAMLParser.checkUTF8(bytes, file: path)
        guard checked.problem == nil else { return nil }
        // libyaml reads the array's own storage: no copy of the file for it.
        return bytes.withUnsafeBufferPointer { buffer in
            var decoder = ConfigEventDecoder(bytes: buffer, path: path, lines: checked.lines, limits: limits)
            return decoder.decode()
        }
    }

    /// Decodes through the node tree and `ConfigDecoder`: every diagnostic users see comes from here.
    static func decodeFromTree(bytes: [UInt8], path: String, limits: YAMLLimits) -> Result {
        let document: (root: YAMLNode?, problems: [YAMLProblem])
        do {
            document = try YAMLParser.parseDocument(bytes, file: path, limits: limits)
        } catch {
            let diagnostics = error.problems.map { Diagnostic.error($0.reason, at: $0.location) }
            return Result(config: nil, diagnostics: diagnostics, source: true, bytes: bytes)
        }
        // Duplicate keys do not stop decoding (the first occurrence is kept), so every other
        // problem of the file is reported with them.
        var decoder = ConfigDecoder(path: path)
        let decoded = decoder.decode(document.root)
        let diagnostics = document.problems.map { Diagnostic.error($0.reason, at: $0.location) } + decoder.diagnostics
        return Result(
            config: diagnostics.hasErrors ? nil : decoded, diagnostics: diagnostics, source: true, bytes: bytes)
    }

    /// Reads a whole file, refusing one larger than `limit` before reading it.
    static func readFile(_ path: String, limit: Int) throws(FileProblem) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw FileProblem(path: path, errno: errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw FileProblem(path: path, reason: "it is a directory") }
        if Int(status.st_size) > limit {
            throw FileProblem(path: path, reason: "it is \(status.st_size) bytes, more than the limit of \(limit) bytes")
        }
        // A regular file only: a pipe's bytes cannot be read a second time.
        if (status.st_mode & S_IFMT) == S_IFREG, let bytes = readDirectly(path, size: Int(status.st_size)) { return bytes }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileProblem(path: path, errno: EACCES) }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            if data.count > limit {
                throw FileProblem(path: path, reason: "it is more than the limit of \(limit) bytes")
            }
            return [UInt8](data)
        } catch let problem as FileProblem {
            throw problem
        } catch {
            throw FileProblem(path: path, reason: error.localizedDescription)
        }
    }

    /// The file read with `open` and `read` straight into one array (through `FileHandle` it was
    /// copied twice: 1,000 page faults for the largest config). Nil at any surprise (an error, a
    /// size other than `stat` gave), for `FileHandle` to read the regular file again and word the
    /// problem.
    private static func readDirectly(_ path: String, size: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                guard count > 0 else { return }
                initialized += count
            }
            // Nothing past the size `stat` gave.
            var probe: UInt8 = 0
            complete = read(descriptor, &probe, 1) == 0
        }
        return complete ? bytes : nil
    }

    /// The folder part of a path, "" when there is none.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The file name without its last extension: "bcplan" for "dir/bcplan.yaml".
    static func stem(of path: String) -> String {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
