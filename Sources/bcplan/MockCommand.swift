import ArgumentParser
import BCPlanCore

struct MockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Play the other side of the mock Business Center: accept or reject what is pending.",
        subcommands: [MockResponseCommand<Accept>.self, MockResponseCommand<Reject>.self]
    )

    enum Accept: MockResponse {
        static let name = "accept"
        static let accepts = true
    }

    enum Reject: MockResponse {
        static let name = "reject"
        static let accepts = false
    }
}

protocol MockResponse {
    static var name: String { get }
    static var accepts: Bool { get }
}

struct MockResponseCommand<Response: MockResponse>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Response.name,
            abstract: "\(Response.accepts ? "Accept" : "Reject") pending invitations (by e-mail), partner requests (by BC id) or access requests (by asset id)."
        )
    }

    @Argument(help: "E-mails, partner BC ids or asset ids.")
    var ids: [String] = []

    @Flag(help: "Everything that is pending.")
    var all = false

    @OptionGroup var config: ConfigOption

    func validate() throws {
        if all, !ids.isEmpty { throw ValidationError("give ids or --all, not both") }
        if !all, ids.isEmpty { throw ValidationError("give at least one e-mail, BC id or asset id, or --all") }
    }

    func run() throws {
        let lines = try MockSession.respond(configPath: config.path, ids: ids, all: all, accept: Response.accepts)
        Output.streams.standard(lines.isEmpty ? "Nothing is pending.\n" : lines.map { $0 + "\n" }.joined())
    }
}

extension MockCommand: HelpExamples {
    static let examples: [HelpExample] = [
        ("bcplan mock accept --all", "Accept everything pending in the mock Business Center."),
        ("bcplan mock accept carla@acme.example", "Accept one invitation."),
        ("bcplan mock reject 7000000000000000099", "Reject a partner request."),
    ]
}

extension MockResponseCommand: HelpExamples {
    static var examples: [HelpExample] {
        let verb = Response.accepts ? "Accept" : "Reject"
        return [
            ("bcplan mock \(Response.name) carla@acme.example", "\(verb) an invitation."),
            ("bcplan mock \(Response.name) --all -c acme.yaml", "\(verb) everything pending in the mock of acme.yaml."),
        ]
    }
}
