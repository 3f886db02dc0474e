import ArgumentParser

/// `-c/--config FILE|DIR`, for the commands that also run over a directory of configs.
struct ConfigSelection: ParsableArguments {
    @Option(
        name: [.customShort("c"), .customLong("config")],
        help: "The config file, or a directory: every *.yaml and *.yml file directly in it is one Business Center.")
    var path = "bcplan.yaml"
}
