/// Bounds that keep a hostile file from using unbounded time or memory.
public struct YAMLLimits: Sendable {
    /// Largest file accepted, in bytes. A config at the platform maximum is about 3 MB.
    public var maxBytes: Int
    /// Deepest nesting of collections. A config needs fewer than 10 levels.
    public var maxDepth: Int
    /// Most nodes in the document counting every node an alias repeats (the "billion laughs" bound).
    public var maxNodes: Int

    public init(maxBytes: Int = 32 << 20, maxDepth: Int = 256, maxNodes: Int = 4_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public static let `default` = YAMLLimits()
}
