import BCPlanCore

/// Seeded mutations of config files, for `ConfigFuzzTests`: the same seed gives the same inputs.
///
/// Besides byte flips, insertions, deletions and splices, it inserts the YAML tokens that reach
/// the parser's less travelled paths (anchors, aliases, tags, flow brackets, merge keys, document
/// markers, BOMs, NUL, tabs, invalid UTF-8).
struct ConfigMutator {
    private var random: SplitMix64
    private let seeds: [[UInt8]]

    static let tokens: [[UInt8]] = [
        "&a ", "*a", "&b [", "*b, *b", "!!python/object:os.system ", "!!str ", "!custom ", "<<: *a\n", "[", "]",
        "{", "}", ", ", ": ", "- ", "\n- ", "? ", "---\n", "...\n", "%YAML 1.1\n", "#", "'", "\"", "\\", "|\n", ">-\n",
        "\t", "\n", "\r\n", "  ", "~", "null", "true", "yes", "0x1F", "1e400", "-0", "7000000000000000001",
        "\"7000000000000000001\"", "ad_account", "tiktok_account", "[post, live]", "admin", "ana@acme.example",
        "members:", "partners:", "assets:", "policy:", "provider:", "\u{FEFF}", "\u{85}", "\u{2028}", "é",
    ].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xFE, 0xFF]]

    init(seed: UInt64, seeds: [[UInt8]]) {
        random = SplitMix64(seed: seed)
        self.seeds = seeds
    }

    private mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }

    /// One input: a seed file with one to eight mutations.
    mutating func next() -> [UInt8] {
        var bytes = seeds[below(seeds.count)]
        for _ in 0...below(8) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = below(bytes.count + 1)
        switch below(9) {
        case 0 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, at + 1 + below(64))
            bytes.removeSubrange(min(at, end)..<end)
        case 3 where !bytes.isEmpty:
            let start = below(bytes.count)
            let end = min(bytes.count, start + 1 + below(200))
            bytes.insert(contentsOf: bytes[start..<end], at: at)
        case 4:
            let other = seeds[below(seeds.count)]
            guard !other.isEmpty else { return }
            let start = below(other.count)
            bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + below(300))], at: at)
        case 5:
            bytes = Array(bytes.prefix(at))
        default:
            bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
        }
    }
}
