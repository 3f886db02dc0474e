/// An output whose standard output goes to standard error: with `--format json`, standard output
/// holds only the document, and what a person reads (plans, progress, groups, totals) goes to
/// standard error instead.
struct StandardErrorOutput: CommandOutput {
    let base: CommandOutput

    func standard(_ text: String) {
        base.error(text)
    }

    func error(_ text: String) {
        base.error(text)
    }
}
