// swift-tools-version:6.0
import PackageDescription

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
        // libpq, for the PostgreSQL state backend; only BCPlanPostgres imports it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "BCPlanPostgres", dependencies: ["CLibPQ"]),
        .target(name: "BCPlanCore", dependencies: ["BCPlanYAML", "BCPlanPostgres"]),
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
