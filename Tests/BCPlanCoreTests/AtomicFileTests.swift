@testable import BCPlanCore
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func writesPrivatelyAndSweepsTemporaryFilesOfKilledWriters() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A process that has ended: its pid names no running process (for now).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = folder.appendingPathComponent(".state.\(ended.processIdentifier).42.tmp")
        let alive = folder.appendingPathComponent(".state.1.42.tmp")
        let other = folder.appendingPathComponent(".store.\(ended.processIdentifier).42.tmp")
        for url in [dead, alive, other] { try Data("{".utf8).write(to: url) }
        let path = folder.appendingPathComponent("state.json").path
        try AtomicFile.write(Data("{}\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: dead.path), "left by a writer that no longer runs")
        #expect(FileManager.default.fileExists(atPath: alive.path), "pid 1 runs: maybe still writing")
        #expect(FileManager.default.fileExists(atPath: other.path), "another file's temporary")
    }
}
