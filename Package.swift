// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ScoreBench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "scorebench", targets: ["scorebench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .target(
            name: "ScoringCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ScoringStore",
            dependencies: [
                "ScoringCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ScoreBenchShell",
            dependencies: [
                "ScoringCore", "ScoringStore", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "scorebench", dependencies: ["ScoreBenchShell"]),
        .testTarget(
            name: "ScoringCoreTests", dependencies: ["ScoringCore"],
            exclude: ["Measurement/Fixtures"]
        ),
        .testTarget(name: "ScoringStoreTests", dependencies: ["ScoringStore"]),
        .testTarget(name: "ScoreBenchShellTests", dependencies: ["ScoreBenchShell"]),
    ],
    swiftLanguageModes: [.v6]
)
