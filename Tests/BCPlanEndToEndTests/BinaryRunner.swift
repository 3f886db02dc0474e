import Foundation
import Testing

/// Runs the built `bcplan` binary as a user would and captures what it leaves.
struct BinaryRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle (SwiftPM builds it with the tests), or `BCPLAN_BINARY`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["BCPLAN_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("bcplan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/bcplan")
    }

    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], executable: URL? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file below `folder` with its bytes, to prove a command left things as they were.
    ///
    /// The `.gitignore` bcplan writes into a run folder (`.bcplan/`) when it first takes a lock
    /// there is left out: it is what keeps run files out of commits, not a change to the folder.
    /// Everything else in the run folder (a lock, a backup, a temporary file) counts.
    static func snapshot(of folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let name = enumerator?.nextObject() as? String {
            if name == ".bcplan/.gitignore" || name.hasSuffix("/.bcplan/.gitignore") { continue }
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[name] = try Data(contentsOf: url)
            }
        }
        return result
    }

    /// A copy of an example in a temporary folder, so nothing in the repository can change.
    static func copyOfExample(_ name: String) throws -> URL {
        let folder = try temporaryFolder()
        let source = repositoryRoot.appendingPathComponent("examples/\(name)")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }

    /// A fresh folder holding a valid config with two admins at `config` (relative to the folder),
    /// with `state:` when given, and nothing else.
    static func businessCenter(config: String = "bcplan.yaml", state: String? = nil) throws -> URL {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent(config)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example}
            \(state.map { "state: \($0)" } ?? "")
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}
            """.write(to: url, atomically: true, encoding: .utf8)
        return folder
    }

    /// A fresh folder whose `bcs/` holds acme.yaml and globex.yaml (Business Centers 7000000000000000001
    /// and …2), each declaring the admins ana and bo plus `extraMembers` (standard), each with a mock
    /// store holding the two admins, and broken.yaml, an invalid config.
    static func folderOfBusinessCenters(extraMembers: [String] = []) throws -> URL {
        let folder = try temporaryFolder()
        let bcs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: bcs, withIntermediateDirectories: true)
        for (name, id) in [("acme", "7000000000000000001"), ("globex", "7000000000000000002")] {
            try write("""
                version: 1
                business_center: {id: "\(id)", name: \(name.capitalized)}
                provider: {kind: mock, store: \(name).mock.json, caller: ana@acme.example}
                members:
                  - {email: ana@acme.example, role: admin}
                  - {email: bo@acme.example, role: admin}

                """ + extraMembers.map { "  - {email: \($0), role: standard}\n" }.joined(), "\(name).yaml", in: bcs)
            try write("""
                {"business_center": {"id": "\(id)", "name": "\(name.capitalized)"},
                 "members": [{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
                             {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}],
                 "partners": [], "assets": []}
                """, "\(name).mock.json", in: bcs)
        }
        try write("version: 1\nbusiness_center: {id: 7}\n", "broken.yaml", in: bcs)
        return folder
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static func read(_ name: String, in folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Starts the binary without waiting; output goes to files in `folder` (`<label>.out`, `<label>.err`).
    static func start(
        _ arguments: [String], in folder: URL, label: String, environment: [String: String] = [:], executable: URL? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        try Data().write(to: folder.appendingPathComponent("\(label).out"))
        try Data().write(to: folder.appendingPathComponent("\(label).err"))
        process.standardOutput = try FileHandle(forWritingTo: folder.appendingPathComponent("\(label).out"))
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("\(label).err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
