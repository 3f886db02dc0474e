import ArgumentParser
import BCPlanCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the config file, or of a JSON output.",
        discussion: "The same files are in schema/ of bcplan's source."
    )

    @Argument(help: "config (the config file), or validate, log, apply or refresh (their --format json).")
    var document: PublishedSchema = .config

    func run() {
        Output.streams.standard(document.document.rendered())
    }
}

extension SchemaCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan schema > bcplan.schema.json", "The config file's schema, for editors."),
        ("bcplan schema validate", "The schema of bcplan validate --format json."),
    ]
}
