import Foundation

/// Where the paths of an exported config point: the config's relative paths, seen from the
/// folder the exported file goes to.
enum ExportPaths {
    /// `written` (as the config wrote it, relative to the config's folder) as seen from `outPath`'s
    /// folder; unchanged for an absolute path, a URL, or when the export goes beside the config
    /// (`outPath` nil: standard output, which users redirect next to it).
    static func rebase(_ written: String, configPath: String, outPath: String?) -> String {
        guard let outPath, !written.hasPrefix("/"), !written.contains("://") else { return written }
        let from = absolute(ConfigLoader.directory(of: outPath))
        let target = absolute(joined(ConfigLoader.directory(of: configPath), written))
        return relative(from: from, to: target)
    }

    /// True when both paths name the same file (also through a link, when it exists).
    static func sameFile(_ left: String, _ right: String) -> Bool {
        var a = stat()
        var b = stat()
        if stat(left, &a) == 0, stat(right, &b) == 0 { return a.st_dev == b.st_dev && a.st_ino == b.st_ino }
        return absolute(left) == absolute(right)
    }

    /// An absolute, standardised path ("" meaning the current folder).
    static func absolute(_ path: String) -> String {
        let base = path.isEmpty ? "." : path
        let url = base.hasPrefix("/") ? URL(fileURLWithPath: base)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(base)
        return url.standardizedFileURL.path
    }

    private static func joined(_ directory: String, _ path: String) -> String {
        directory.isEmpty ? path : directory + "/" + path
    }

    /// The path from folder `from` to `target`, both absolute and standardised.
    static func relative(from: String, to target: String) -> String {
        let fromParts = from.split(separator: "/").map(String.init)
        let targetParts = target.split(separator: "/").map(String.init)
        var common = 0
        while common < fromParts.count, common < targetParts.count - 1, fromParts[common] == targetParts[common] {
            common += 1
        }
        let up = Array(repeating: "..", count: fromParts.count - common)
        return (up + targetParts[common...]).joined(separator: "/")
    }
}
