extension PlanBuilder {
    /// `acknowledge:`: each warning an entry names becomes `info` with the entry's reason; an
    /// entry that names no warning of this plan is a warning at the entry (stale: its cause is
    /// gone, or it never matched).
    mutating func acknowledgeWarnings() {
        let entries = config.acknowledgements
        guard !entries.isEmpty else { return }
        var used = Array(repeating: false, count: entries.count)
        for (index, subject) in warningSubjects.sorted(by: { $0.key < $1.key }) {
            let diagnostic = diagnostics[index]
            guard let code = diagnostic.code else { continue }
            var first: Acknowledgement?
            for (position, entry) in entries.enumerated() where entry.matches(code: code, about: subject) {
                used[position] = true
                if first == nil { first = entry }
            }
            guard let first else { continue }
            diagnostics[index] = Diagnostic(
                .info, diagnostic.message + " (acknowledged at \(first.location): \(first.reason))", code: code, at: diagnostic.location)
        }
        for (position, entry) in entries.enumerated() where !used[position] {
            report(.acknowledgementStale(entry: entry.description), at: entry.location)
        }
    }
}
