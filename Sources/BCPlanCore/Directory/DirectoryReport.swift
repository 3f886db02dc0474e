/// How a command run over a directory of configs prints: one group per Business Center in config
/// order, a total line, and the worst exit code.
public enum DirectoryReport {
    /// How the total line names what it counts.
    public struct Words: Sendable {
        public var noun: String
        public var succeeded: String
        public var changed: String
        public var failed: String
        /// What `changed` counts, singular and plural: "action", "actions".
        public var unit = ("action", "actions")
        /// What `recordedFirst` counts (a first refresh).
        public var recordedFirst = "recorded for the first time"

        public static let plan = Words(noun: "Business Center", succeeded: "without changes", changed: "with changes", failed: "failed")
        public static let apply = Words(noun: "Business Center", succeeded: "without changes", changed: "applied", failed: "failed")
        public static let validate = Words(noun: "config", succeeded: "valid", changed: "valid", failed: "invalid")
        public static let audit = Words(noun: "Business Center", succeeded: "audited", changed: "audited", failed: "failed")
        public static let doctor = Words(noun: "Business Center", succeeded: "healthy", changed: "healthy", failed: "with failed checks")
        public static let refresh = Words(
            noun: "Business Center", succeeded: "without drift", changed: "with drift recorded", failed: "failed",
            unit: ("drifted object", "drifted objects"))
        public static let review = Words(
            noun: "Business Center", succeeded: "with nothing due", changed: "with access due for review", failed: "failed",
            unit: ("entry", "entries"))

        public init(
            noun: String, succeeded: String, changed: String, failed: String, unit: (String, String) = ("action", "actions")
        ) {
            self.noun = noun
            self.succeeded = succeeded
            self.changed = changed
            self.failed = failed
            self.unit = unit
        }
    }

    /// "== bcs/acme.yaml: Acme Retail (7000000000000000001) ==", or "== bcs/broken.yaml ==".
    public static func heading(_ output: BusinessCenterOutput) -> String {
        "== " + TextPlanRenderer.clean(output.config) + (output.title.map { ": " + TextPlanRenderer.clean($0) } ?? "") + " =="
    }

    /// One group of text output: the heading and what the command printed, on stdout (every group,
    /// so a reader sees each Business Center) and on stderr (only groups that printed there).
    public static func textGroup(_ output: BusinessCenterOutput, first: Bool) -> (stdout: String, stderr: String) {
        var out = (first ? "" : "\n") + heading(output) + "\n\n"
        // The heading already ends in a blank line.
        let text = output.stdout.drop { $0 == "\n" }
        if text.isEmpty {
            out += output.status.isFailure ? "Failed; the errors are on standard error.\n" : "Nothing to show.\n"
        } else {
            out += text.hasSuffix("\n") ? text : text + "\n"
        }
        let err = output.stderr.isEmpty ? "" : heading(output) + "\n" + output.stderr
        return (out, err)
    }

    /// "Total: 3 Business Centers: 1 with changes (5 actions), 1 without changes, 1 failed (bcs/broken.yaml)."
    public static func totalLine(_ outputs: [BusinessCenterOutput], words: Words) -> String {
        var changed = 0
        var actions = 0
        var succeeded = 0
        var failed: [String] = []
        var interrupted: [String] = []
        var recordedFirst = 0
        for output in outputs {
            switch output.status {
            case .succeeded: succeeded += 1
            case .changed(let count):
                changed += 1
                actions += count
            case .failed: failed.append(output.config)
            case .interrupted: interrupted.append(output.config)
            case .recordedFirst: recordedFirst += 1
            }
        }
        var parts: [String] = []
        if words.changed == words.succeeded {
            if changed + succeeded > 0 { parts.append("\(changed + succeeded) \(words.succeeded)") }
        } else {
            if changed > 0 { parts.append("\(changed) \(words.changed) (\(actions.counted(words.unit.0, words.unit.1)))") }
            if succeeded > 0 { parts.append("\(succeeded) \(words.succeeded)") }
        }
        if recordedFirst > 0 { parts.append("\(recordedFirst) \(words.recordedFirst)") }
        if !failed.isEmpty { parts.append("\(failed.count) \(words.failed) (\(failed.joined(separator: ", ")))") }
        if !interrupted.isEmpty { parts.append("\(interrupted.count) interrupted (\(interrupted.joined(separator: ", ")))") }
        return "Total: \(outputs.count.counted(words.noun)): " + parts.joined(separator: ", ") + "."
    }

    /// The worst exit code: a failure over changes (2) over success (0); different failures give 1.
    public static func exitCode(_ outputs: [BusinessCenterOutput]) -> Int32 {
        let failures = Set(outputs.map(\.exitCode).filter { $0 != ExitStatus.success && $0 != ExitStatus.changes })
        if failures.count == 1 { return failures.first! }
        if failures.count > 1 { return ExitStatus.failure }
        return outputs.contains { $0.exitCode == ExitStatus.changes } ? ExitStatus.changes : ExitStatus.success
    }

    /// `{"format_version": 1, "plans": [...], "failures": [...]}`: every document made (a plan that
    /// breaks a rule too, as for a single config) under `key`, then every Business Center that
    /// failed, with its config, exit code and error text.
    public static func json(_ outputs: [BusinessCenterOutput], key: String) -> String {
        JSONValue.object([
            "format_version": .int(1),
            key: .array(outputs.compactMap(\.document)),
            "failures": .array(failures(outputs)),
        ]).rendered()
    }

    /// Every Business Center that failed (or was interrupted), with its config, exit code and error text.
    public static func failures(_ outputs: [BusinessCenterOutput]) -> [JSONValue] {
        outputs.filter(\.status.isFailure).map { output in
            OutputDocument.failure(
                config: output.config, exitCode: output.exitCode, message: output.stderr.isEmpty ? output.stdout : output.stderr)
        }
    }

    /// One pull-request comment for the whole directory: the total first, then each Business
    /// Center's markdown under its config's name; a failure shows its error text.
    public static func markdown(_ outputs: [BusinessCenterOutput], words: Words) -> String {
        var out = "## bcplan: " + MarkdownPlanRenderer.escape(totalLine(outputs, words: words)) + "\n"
        for output in outputs {
            out += "\n## " + MarkdownPlanRenderer.code(output.config) + "\n\n"
            if output.status.isFailure {
                out += "**Failed** (exit \(output.exitCode)).\n\n"
            }
            out += output.stdout.hasSuffix("\n") || output.stdout.isEmpty ? output.stdout : output.stdout + "\n"
            if output.status.isFailure, !output.stderr.isEmpty {
                if !output.stdout.isEmpty { out += "\n" }
                out += fenced(output.stderr)
            }
        }
        return out
    }

    /// A fenced block that holds `text` whatever it contains.
    static func fenced(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "~" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "~", count: max(3, longest + 1))
        return fence + "\n" + (text.hasSuffix("\n") ? text : text + "\n") + fence + "\n"
    }
}
