// swift-tools-version:6.0
import PackageDescription

/// One set of settings for every target, so that the whole package is held to the same rules.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "stance",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stance", targets: ["stance"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "StanceDomain", targets: ["StanceDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The append-only log: envelopes, the hash chain, SQLite. Knows no political words.
        .target(
            name: "EventStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API itself, for the few statements an import runs a million times.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "EventStore",
            swiftSettings: settings
        ),
        // The vocabulary: event types, positions, world time, payload coding, JSON.
        .target(
            name: "StanceDomain",
            dependencies: [],
            path: "Sources/StanceDomain",
            swiftSettings: settings
        ),
        // Pure folds from recorded events to positions, timelines and the actor directory.
        .target(
            name: "Projections",
            dependencies: ["EventStore", "StanceDomain"],
            path: "Projections",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "stance",
            dependencies: [
                "EventStore", "Projections", "StanceDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/stance",
            swiftSettings: settings
        ),
        // Fixtures, the EventStore contract suite and helpers shared by the test targets.
        .target(
            name: "StanceTesting",
            dependencies: ["EventStore", "StanceDomain"],
            path: "Sources/StanceTesting",
            swiftSettings: settings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore", "StanceTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StanceDomainTests",
            dependencies: ["StanceDomain", "StanceTesting"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "EventStore", "StanceDomain", "StanceTesting"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StanceCLITests",
            dependencies: ["stance", "StanceTesting"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
    ]
)
