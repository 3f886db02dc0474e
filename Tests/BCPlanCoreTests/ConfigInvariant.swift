import BCPlanCore
import BCPlanYAML

/// What must hold for any bytes given to the config loader, checked by the mutation test
/// (`ConfigFuzzTests`) and by the libFuzzer target (`Tests/Fuzz/`), which compiles this file too.
///
/// The loader returns (a crash or a hang is found by the harness itself); a rejected file has at
/// least one error and every error names this file with a line and column inside it (an empty
/// file's error is at 1:1); an accepted file has no error; every message is one line of bounded
/// length; and the diagnostics render without trouble.
enum ConfigInvariant {
    /// Longest message allowed, in characters: a message quotes the file, but never all of it.
    static let messageLimit = 600

    /// Every way `bytes`, loaded as `path`, breaks the rules above; empty when none.
    static func violations(of bytes: [UInt8], path: String = "fuzz.yaml") -> [String] {
        let result = ConfigLoader.decode(bytes: bytes, path: path)
        var found: [String] = []
        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.config == nil, errors.isEmpty { found.append("rejected without an error") }
        if result.config != nil, !errors.isEmpty { found.append("accepted with \(errors.count) error(s)") }
        let lines = YAMLParser.lineCount(bytes)
        for diagnostic in result.diagnostics {
            let shown = String(diagnostic.message.prefix(120))
            guard let location = diagnostic.location else {
                if diagnostic.severity == .error { found.append("error without a location: \(shown)") }
                continue
            }
            if location.file != path { found.append("located in \(location.file), not \(path): \(shown)") }
            if location.line < 1 || location.line > lines || location.column < 1 {
                found.append("location \(location.line):\(location.column) outside the file's \(lines) lines: \(shown)")
            }
            if diagnostic.message.count > messageLimit {
                found.append("message of \(diagnostic.message.count) characters: \(shown)")
            }
            if diagnostic.message.contains("\n") { found.append("message on more than one line: \(shown)") }
        }
        _ = DiagnosticRenderer(sources: [path: result.source ?? ""]).render(result.diagnostics)
        return found
    }
}
