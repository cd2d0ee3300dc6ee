// swift-tools-version: 6.0
import PackageDescription

/// The folder of this manifest, for the linker's start-up order file.
let packageRoot = String(#filePath.dropLast("/Package.swift".count))

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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // libpq is loaded when a server is named, not linked: see CLibPQLoader.h.
        .target(name: "CLibPQLoader", dependencies: ["CLibPQ"]),
        .target(name: "CSQLiteSettings", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(
            name: "ScoringCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ScoringStore",
            dependencies: [
                "ScoringCore", "CLibPQ", "CLibPQLoader", "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ScoringExchange",
            dependencies: ["ScoringCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "ScoringService",
            dependencies: ["ScoringCore", "ScoringStore", "ScoringExchange", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "ScoreBenchReports", dependencies: ["ScoringCore", "ScoringService"]),
        .target(
            name: "ScoreBenchShell",
            dependencies: [
                "ScoringCore", "ScoringStore", "ScoringService", "ScoringExchange", "ScoreBenchReports", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "scorebench", dependencies: ["ScoreBenchShell"], exclude: ["startup.order", "link"],
            // A release binary built with `--static-swift-stdlib` (README) holds the Swift runtime
            // and Foundation. The release link also takes the C++ runtime from its static
            // archive (`link/libstdc++.so` is a linker script found first as -lstdc++), so the
            // binary needs no particular libstdc++ on the machine it runs on and loads one
            // library fewer; packs its relocations (RELR: the loader reads 19 KB of them, not
            // 2.3 MB); and lays out the functions a first command runs side by side
            // (`startup.order`, written by Benchmarks/startup_order.py), so a first command
            // faults in fewer pages of a 118 MB file.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-L\(packageRoot)/Sources/scorebench/link",
                        "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--symbol-ordering-file=\(packageRoot)/Sources/scorebench/startup.order",
                        "-Xlinker", "--no-warn-symbol-ordering",
                    ],
                    .when(platforms: [.linux], configuration: .release))
            ]),
        // Test data is read from the source tree by path: none of it is a resource to bundle.
        .testTarget(
            name: "ScoringCoreTests", dependencies: ["ScoringCore"], exclude: ["Support/Fixtures", "Measurement/Fixtures"]),
        .testTarget(name: "ScoringStoreTests", dependencies: ["ScoringStore"]),
        .testTarget(name: "ScoringExchangeTests", dependencies: ["ScoringExchange"], exclude: ["Python", "Schemas"]),
        .testTarget(name: "ScoringServiceTests", dependencies: ["ScoringService", "ScoringExchange"]),
        .testTarget(name: "ScoreBenchReportsTests", dependencies: ["ScoreBenchReports", "ScoringService", "ScoringStore"]),
        .testTarget(name: "ScoreBenchShellTests", dependencies: ["ScoreBenchShell", "ScoringExchange"], exclude: ["Transcripts", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
