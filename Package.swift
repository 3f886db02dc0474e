// swift-tools-version:6.0
import PackageDescription

/// The commit `bcplan --version` names: `BCPLAN_COMMIT` from the build's environment, which
/// `Packaging/build-deb.sh` sets to `git rev-parse HEAD`. A plain `swift build` has none and the
/// binary says so. Taken from the environment rather than from git (`Context.gitInformation`)
/// because SwiftPM caches the evaluated manifest keyed by the environment but not by git's HEAD,
/// so a commit read from git would go stale between commits; nothing is generated in the tree.
let buildCommit: String = {
    let value = Context.environment["BCPLAN_COMMIT"] ?? ""
    let id = value.hasSuffix("+dirty") ? value.dropLast("+dirty".count) : Substring(value)
    guard id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
        fatalError("BCPLAN_COMMIT must be a commit id (lowercase hex, optionally +dirty), not '\(value)'")
    }
    return value
}()

let package = Package(
    name: "bcplan",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BCPlanCore", targets: ["BCPlanCore"]),
        .executable(name: "bcplan", targets: ["bcplan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "BCPlanYAML", dependencies: ["CYAML"]),
        // libpq, for the PostgreSQL state backend, loaded with dlopen when a connection is made
        // (not linked: its libraries cost every run start-up time); only BCPlanPostgres imports it.
        .target(name: "CLibPQ"),
        .target(name: "BCPlanPostgres", dependencies: ["CLibPQ"]),
        // A C string is the one way a build setting reaches Swift code as text.
        .target(name: "CBuildInfo", cSettings: [.define("BCPLAN_COMMIT", to: "\"\(buildCommit)\"")]),
        // SHA-256's compression on the CPU's SHA extensions (x86 SHA-NI), when it has them.
        .target(name: "CSHA256"),
        // libcurl, loaded with dlopen when the TikTok provider first sends a request (not linked).
        .target(name: "CCurlOnDemand"),
        .target(name: "BCPlanCore", dependencies: ["BCPlanYAML", "BCPlanPostgres", "CBuildInfo", "CSHA256", "CCurlOnDemand"]),
        .executableTarget(
            name: "bcplan",
            dependencies: [
                "BCPlanCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks/apply.sh: what recording one outcome costs, per state backend.
        .executableTarget(
            name: "RecordingBenchmark",
            dependencies: ["BCPlanCore"],
            path: "Benchmarks/RecordingBenchmark"
        ),
        .testTarget(
            name: "BCPlanYAMLTests",
            dependencies: ["BCPlanYAML"]
        ),
        .testTarget(
            name: "BCPlanCoreTests",
            dependencies: ["BCPlanCore", "BCPlanYAML"],
            resources: [.copy("Fixtures")]
        ),
        // A strict fake of TikTok's API for Business on 127.0.0.1, for the tests only.
        .target(
            name: "FakeTikTokAPI",
            dependencies: ["BCPlanCore"],
            path: "Tests/FakeTikTokAPI"
        ),
        .testTarget(
            name: "BCPlanEndToEndTests",
            dependencies: ["BCPlanCore", "BCPlanPostgres", "FakeTikTokAPI"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
