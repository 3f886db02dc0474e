internal import CBuildInfo

/// The version of bcplan, written into plans, and the commit it was built from.
public enum BCPlanVersion {
    public static let current = "0.1.0"

    /// The commit the build embedded (`BCPLAN_COMMIT`, set by `Packaging/build-deb.sh`), `nil`
    /// for a plain `swift build`. A `+dirty` suffix means the tree had uncommitted changes.
    public static let commit: String? = {
        let value = String(cString: bcplan_build_commit())
        return value.isEmpty ? nil : value
    }()

    /// What `bcplan --version` prints: the version, then the commit or why it is unknown.
    public static let line = "\(current) (commit \(commit ?? "unknown: built without BCPLAN_COMMIT"))"
}
