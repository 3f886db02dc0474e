import BCPlanYAML

/// Prints diagnostics as a compiler does: the located line, the source line, a caret under the column.
public struct DiagnosticRenderer: Sendable {
    /// Source text of each file a diagnostic may point into, by the file name used in locations.
    /// Split into lines only when a diagnostic needs one, so a clean run pays nothing.
    private var sources: [String: String]

    public init(sources: [String: String] = [:]) {
        self.sources = sources
    }

    /// The 1-based line `number` of `text`, without its line break.
    static func line(_ number: Int, of text: String) -> Substring? {
        // Search the bytes: in a String "\r\n" is one Character and never equals "\n".
        let bytes = text.utf8
        var current = 1
        var start = bytes.startIndex
        while current < number {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { return nil }
            start = bytes.index(after: newline)
            current += 1
        }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
        return text[start..<end]
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.description + "\n"
        guard let location = diagnostic.location, let source = sources[location.file], location.line >= 1,
              let found = Self.line(location.line, of: source) else { return text }
        var line = String(found)
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
