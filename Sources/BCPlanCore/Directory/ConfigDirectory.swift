import Foundation

/// A directory of configs (`-c DIR`): every `*.yaml` and `*.yml` file directly in it is one
/// Business Center. Hidden files and subfolders are left alone.
public enum ConfigDirectory {
    /// The ending of the saved plans in a plan directory.
    public static let planSuffix = ".plan.json"

    /// True when `path` names a directory (a symbolic link to one too).
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// `name` inside `directory` as the user wrote it: "bcs" or "bcs/" and "a.yaml" give "bcs/a.yaml";
    /// "." gives "a.yaml", as `-c a.yaml` would.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory == "." || directory == "./" { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The config files directly in `directory`, joined to it, sorted by file name.
    public static func configPaths(in directory: String) throws(CommandFailure) -> [String] {
        guard access(directory, R_OK | X_OK) == 0 else {
            throw .error("cannot read the directory \(FileProblem(path: directory, errno: errno))")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .error("cannot read the directory \(directory): \(error.localizedDescription)")
        }
        let configs = names.filter { name in
            guard !name.hasPrefix("."), name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
            var status = stat()
            return stat(join(directory, name), &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        }.sorted()
        guard !configs.isEmpty else {
            throw .error("\(directory) holds no config: no *.yaml or *.yml file directly in it")
        }
        return configs.map { join(directory, $0) }
    }

    /// Every config of `directory`, loaded `jobs` at a time, each with the conflicts that keep it
    /// from running beside the others.
    public static func load(_ directory: String, jobs: Int) async throws(CommandFailure) -> [DirectoryConfig] {
        let paths = try configPaths(in: directory)
        let loaded = await BoundedParallel.map(paths, jobs: jobs) { path in
            DirectoryConfig(path: path, loaded: ConfigLoader.load(path: path))
        }
        return withConflicts(loaded)
    }

    /// Runs `body` for every config that can run (valid, no conflict), `jobs` at a time; the others
    /// fail with their problems, worded as for a single config. Outputs come back in config order,
    /// and to `inOrder` as soon as they and every one before them are done.
    public static func run(
        _ configs: [DirectoryConfig], jobs: Int,
        _ body: @escaping @Sendable (DirectoryConfig, Config) async -> BusinessCenterOutput,
        inOrder: (BusinessCenterOutput) -> Void = { _ in }
    ) async -> [BusinessCenterOutput] {
        await BoundedParallel.map(configs, jobs: jobs, { entry in
            guard entry.conflicts.isEmpty else {
                return BusinessCenterOutput(
                    config: entry.path, title: entry.title, stderr: entry.conflicts.map { $0.description + "\n" }.joined(),
                    exitCode: ExitStatus.failure, status: .failed)
            }
            guard let config = entry.loaded.config else {
                return BusinessCenterOutput(
                    config: entry.path, title: nil, failure: CommandFailure(ValidationReport(entry.loaded, path: entry.path).problems))
            }
            return await body(entry, config)
        }, inOrder: { inOrder($1) })
    }

    /// Marks configs that would get in each other's way: the same file stem (their saved plans and
    /// default state files collide), the same state file, or the same Business Center.
    static func withConflicts(_ configs: [DirectoryConfig]) -> [DirectoryConfig] {
        var result = configs
        func mark(_ key: (DirectoryConfig) -> String?, _ conflict: (String, String) -> DirectoryConflict) {
            var groups: [String: [Int]] = [:]
            for (index, entry) in configs.enumerated() {
                if let value = key(entry) { groups[value, default: []].append(index) }
            }
            for value in groups.keys.sorted() {
                guard let members = groups[value], members.count > 1 else { continue }
                let diagnostic = Diagnostic.error(conflict(list(members.map { configs[$0].path }), value), at: nil)
                for index in members { result[index].conflicts.append(diagnostic) }
            }
        }
        mark({ $0.stem }, { files, _ in .sameName(files: files) })
        let sharedStates = Dictionary(
            configs.compactMap { $0.loaded.config.map(Self.sharedState) }, uniquingKeysWith: { first, _ in first })
        mark({ $0.loaded.config.map { Self.sharedState($0).identity } }, { files, identity in
            .sameState(files: files, what: sharedStates[identity] ?? "state")
        })
        mark({ $0.loaded.config?.businessCenterID }, { files, id in .sameBusinessCenter(files: files, id: id) })
        return result
    }

    /// What two configs must not share, and its name in the message: a state file (links
    /// resolved), or a PostgreSQL workspace.
    private static func sharedState(_ config: Config) -> (identity: String, what: String) {
        switch config.state {
        case .file(let path, _):
            ("file:" + URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path, "state file")
        case .postgres:
            (config.state.identity, "PostgreSQL workspace")
        }
    }

    /// "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
