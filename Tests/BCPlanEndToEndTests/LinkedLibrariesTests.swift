import Foundation
import Testing

/// What the `bcplan` binary links, as `readelf -d` lists it: libraries that only one backend needs
/// are loaded when that backend is used, so the other runs do not map them at start-up (libpq
/// brings libssl, libcrypto, Kerberos and LDAP: about 3 ms per run; `Benchmarks/RESULTS.md`).
struct LinkedLibrariesTests {
    static func neededLibraries() throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["readelf", "-d", BinaryRunner.binary.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return output.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last.map { String($0.dropLast()) }
        }
    }

    @Test func libpqIsLoadedOnlyWhenUsed() throws {
        let needed = try Self.neededLibraries()
        // readelf read the binary: libyaml, which every run needs, is there.
        #expect(needed.contains { $0.hasPrefix("libyaml") }, "\(needed)")
        #expect(!needed.contains { $0.hasPrefix("libpq") }, "\(needed)")
    }
}
