import ArgumentParser
import BCPlanCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the config file."
    )

    func run() {
        Output.streams.standard(JSONSchemaGenerator.configSchema().rendered())
    }
}
