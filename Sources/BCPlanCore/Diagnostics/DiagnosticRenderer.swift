import BCPlanYAML

/// Prints diagnostics as a compiler does: the located line, the source line, a caret under the column.
public struct DiagnosticRenderer: Sendable {
    /// Source text of each file a diagnostic may point into, by the file name used in locations.
    private var sources: [String: [Substring]]

    public init(sources: [String: String] = [:]) {
        self.sources = sources.mapValues { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.description + "\n"
        guard let location = diagnostic.location, let lines = sources[location.file],
              location.line >= 1, location.line <= lines.count else { return text }
        var line = String(lines[location.line - 1])
        if line.hasSuffix("\r") { line.removeLast() }
        // Keep tabs so the caret lines up; cap very long lines to keep the output readable.
        let scalars = Array(line.unicodeScalars)
        guard scalars.count <= 300 else { return text }
        text += line + "\n"
        var caret = ""
        for scalar in scalars.prefix(max(0, location.column - 1)) {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        text += caret + "^\n"
        return text
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForDisplay().map(render).joined()
    }
}
