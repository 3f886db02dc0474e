internal import CSHA256

/// SHA-256 (FIPS 180-4), dependency-free: for config digests, fingerprints and the audit log's hash
/// chain. Not for secrets' sake; bcplan hashes only what it also stores in clear.
///
/// The compression function runs on the CPU's SHA extensions when it has them (`CSHA256`, about
/// ten times fewer instructions: a plan of the platform maximum hashes about 3 MB) and in Swift
/// otherwise; both give the same digests (`SHA256Tests` compares them).
public struct SHA256: Sendable {
    /// How the compression function is computed.
    enum Engine: Sendable {
        case portable
        case hardware
    }

    /// The engine `digest` uses on this machine.
    static let engine: Engine = bcplan_sha256_hardware_available() == 1 ? .hardware : .portable

    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hex(digest: digest(bytes))
    }

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    static func hex(digest: [UInt8]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 64) { text in
            digits.withUTF8Buffer { digits in
                for (index, byte) in digest.enumerated() {
                    text[2 * index] = digits[Int(byte >> 4)]
                    text[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
            }
            return 64
        }
    }

    /// The digest of `input`, with the engine of this machine.
    public static func digest<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        digest(input, engine: engine)
    }

    /// Works on unsafe buffers and hashes whole blocks where they lie: plans are hashed whole
    /// (their checksum and every action's fingerprint), and bounds checks per byte doubled the time.
    static func digest<C: Collection>(_ input: C, engine: Engine) -> [UInt8] where C.Element == UInt8 {
        if let digest = input.withContiguousStorageIfAvailable({ digest(buffer: $0, engine: engine) }) {
            return digest
        }
        return Array(input).withUnsafeBufferPointer { digest(buffer: $0, engine: engine) }
    }

    private static func digest(buffer: UnsafeBufferPointer<UInt8>, engine: Engine) -> [UInt8] {
        var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        let wholeBlocks = buffer.count / 64
        // The last bytes, the 0x80 marker, zeros and the bit length: one or two blocks.
        let rest = buffer.count - wholeBlocks * 64
        var tail = [UInt8](repeating: 0, count: rest + 9 <= 64 ? 64 : 128)
        for index in 0..<rest { tail[index] = buffer[wholeBlocks * 64 + index] }
        tail[rest] = 0x80
        let bitLength = UInt64(buffer.count) * 8
        for index in 0..<8 { tail[tail.count - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * index)) }

        state.withUnsafeMutableBufferPointer { state in
            if wholeBlocks > 0, let base = buffer.baseAddress {
                compress(state, base, blocks: wholeBlocks, engine: engine)
            }
            tail.withUnsafeBufferPointer { compress(state, $0.baseAddress!, blocks: $0.count / 64, engine: engine) }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        for (index, word) in state.enumerated() {
            for byte in 0..<4 { digest[4 * index + byte] = UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * byte)) }
        }
        return digest
    }

    private static func compress(
        _ state: UnsafeMutableBufferPointer<UInt32>, _ data: UnsafePointer<UInt8>, blocks: Int, engine: Engine
    ) {
        switch engine {
        case .hardware: bcplan_sha256_hardware_compress(state.baseAddress!, data, blocks)
        case .portable: compressPortably(state, data, blocks: blocks)
        }
    }

    private static func compressPortably(_ state: UnsafeMutableBufferPointer<UInt32>, _ data: UnsafePointer<UInt8>, blocks: Int) {
        var h = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            do {  // FIPS 180-4 section 4.2.2, the same table the hardware path uses
                let k = UnsafeBufferPointer(start: bcplan_sha256_round_constants(), count: 64)
                for block in 0..<blocks {
                    let chunk = data + block * 64
                    for i in 0..<16 {
                        w[i] = UInt32(chunk[i * 4]) << 24 | UInt32(chunk[i * 4 + 1]) << 16
                            | UInt32(chunk[i * 4 + 2]) << 8 | UInt32(chunk[i * 4 + 3])
                    }
                    for i in 16..<64 {
                        let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                        let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, hh) = h
                    for i in 0..<64 {
                        let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
                        let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ majority
                        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
                    }
                    h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
                }
            }
        }
        (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]) = h
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }
}
