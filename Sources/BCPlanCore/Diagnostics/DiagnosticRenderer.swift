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
        render(diagnostic, lineStarts: [:])
    }

    /// - Parameter lineStarts: per file, where each line starts, when known; else the line is
    ///   searched from the start of the file.
    private func render(_ diagnostic: Diagnostic, lineStarts: [String: [String.Index]]) -> String {
        var text = diagnostic.description + "\n"
        guard let location = diagnostic.location, let source = sources[location.file], location.line >= 1 else { return text }
        let found: Substring?
        if let starts = lineStarts[location.file] {
            if location.line <= starts.count {
                let start = starts[location.line - 1]
                let end = source.utf8[start...].firstIndex(of: 0x0A) ?? source.endIndex
                found = source[start..<end]
            } else {
                found = nil
            }
        } else {
            found = Self.line(location.line, of: source)
        }
        guard let found else { return text }
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

    /// Most diagnostics printed; a hostile file can hold a million problems, and nobody reads
    /// past the first screens. The count line of `ValidationReport` still gives the total.
    public static let displayLimit = 200

    public func render(_ diagnostics: [Diagnostic]) -> String {
        let shown = diagnostics.sortedForDisplay().prefix(Self.displayLimit)
        // With many diagnostics, index each file's lines once instead of searching per diagnostic.
        var lineStarts: [String: [String.Index]] = [:]
        if shown.count > 8 {
            for file in Set(shown.compactMap { $0.location?.file }) {
                guard let source = sources[file] else { continue }
                var starts = [source.startIndex]
                var index = source.utf8.startIndex
                while let newline = source.utf8[index...].firstIndex(of: 0x0A) {
                    index = source.utf8.index(after: newline)
                    starts.append(index)
                }
                lineStarts[file] = starts
            }
        }
        var text = shown.map { render($0, lineStarts: lineStarts) }.joined()
        if diagnostics.count > shown.count {
            text += "… and \(diagnostics.count - shown.count) more not shown; fix the ones above first\n"
        }
        return text
    }
}
