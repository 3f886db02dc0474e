import ArgumentParser

/// `-c/--config FILE`, shared by the commands that read one config file.
struct ConfigOption: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("config")], help: "The config file.")
    var path = "bcplan.yaml"
}
