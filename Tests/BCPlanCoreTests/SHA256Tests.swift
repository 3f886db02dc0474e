@testable import BCPlanCore
import Foundation
import Testing

/// `SHA256` against digests from FIPS 180-4's examples and Python's hashlib, around every padding
/// boundary (55, 56 and 64 bytes) and over many blocks.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func knownDigests(text: String, expected: String) {
        #expect(SHA256.hex(text) == expected)
        #expect(SHA256.hex(digest: SHA256.digest(Array(text.utf8), engine: .portable)) == expected)
    }

    @Test func manyBlocks() {
        let bytes = (0..<40).flatMap { _ in (0...255).map { UInt8($0) } }
        #expect(SHA256.hex(bytes) == "e96760a87768717bcebcfd25ddc7d46b4dbc95a4b0014def080c08539f7d90d0")
        #expect(SHA256.hex(bytes[...]) == SHA256.hex(bytes))
    }

    /// The CPU's SHA extensions and the Swift code agree on every length around the block and
    /// padding boundaries and on long inputs, and on a slice that does not start at offset 0.
    @Test func bothEnginesAgree() {
        var generator = SplitMix64(seed: 17)
        let bytes = (0..<5_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for length in Array(0...200) + [447, 448, 511, 512, 1_000, 4_095, 4_096, 5_000] {
            let input = bytes[..<length]
            #expect(SHA256.digest(input, engine: .portable) == SHA256.digest(input, engine: .hardware),
                    "length \(length)")
        }
        let shifted = bytes[3..<4_000]
        #expect(SHA256.digest(shifted, engine: .portable) == SHA256.digest(shifted, engine: .hardware))
    }

    /// The machine the tests run on uses its SHA extensions when it has them (CI's does).
    @Test func hardwareEngineIsUsedWhereAvailable() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { $0.split(separator: " ") } ?? []
        let hasSHA = flags.contains("sha_ni") && flags.contains("sse4_1") && flags.contains("ssse3")
        #expect((SHA256.engine == .hardware) == hasSHA)
    }
}
