import BCPlanYAML

/// Prints diagnostics as a compiler does: the located line, the source line, a caret under the column.
public struct DiagnosticRenderer: Sendable {
    /// Source text of each file a diagnostic may point into, by the file name used in locations.
    /// Split into lines only when a diagnostic needs one, so a clean run pays nothing.
    private var sources: [String: String]

    public init(sources: [String: String] = [:]) {
        self.sources = sources
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        render([diagnostic])
    }

    /// Where each line of `text` starts. Bytes are searched: in a String "\r\n" is one Character
    /// and never equals "\n".
    static func lineStarts(of text: String) -> [String.Index] {
        var starts = [text.startIndex]
        var index = text.utf8.startIndex
        while let newline = text.utf8[index...].firstIndex(of: 0x0A) {
            index = text.utf8.index(after: newline)
            starts.append(index)
        }
        return starts
    }

    /// - Parameter lineStarts: per file, where each line starts (`lineStarts(of:)`).
    private func render(_ diagnostic: Diagnostic, lineStarts: [String: [String.Index]]) -> String {
        var text = diagnostic.description + "\n"
        guard let location = diagnostic.location, let source = sources[location.file], let starts = lineStarts[location.file],
              location.line >= 1, location.line <= starts.count else { return text }
        let start = starts[location.line - 1]
        var line = String(source[start..<(source.utf8[start...].firstIndex(of: 0x0A) ?? source.endIndex)])
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

    /// Most diagnostics printed; a hostile file can hold a million problems, and nobody reads
    /// past the first screens. The count line of `ValidationReport` still gives the total.
    public static let displayLimit = 200

    public func render(_ diagnostics: [Diagnostic]) -> String {
        let shown = diagnostics.sortedForDisplay().prefix(Self.displayLimit)
        // Each file's lines are indexed once, not searched per diagnostic.
        var lineStarts: [String: [String.Index]] = [:]
        for file in Set(shown.compactMap { $0.location?.file }) {
            lineStarts[file] = sources[file].map(Self.lineStarts(of:))
        }
        var text = shown.map { render($0, lineStarts: lineStarts) }.joined()
        if diagnostics.count > shown.count {
            text += "… and \(diagnostics.count - shown.count) more not shown; fix the ones above first\n"
        }
        return text
    }
}
