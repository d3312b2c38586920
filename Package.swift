// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "leadscore",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "leadscore", targets: ["leadscore"]),
        .library(name: "LeadScore", targets: ["LeadScore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "LeadScore",
            dependencies: [
                "COpenBLAS",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "leadscore",
            dependencies: [
                "LeadScore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "leadscore-bench",
            dependencies: ["LeadScore"]
        ),
        .testTarget(
            name: "LeadScoreTests",
            // The executable is a dependency so that `swift test` builds it for the end-to-end tests.
            dependencies: ["LeadScore", "leadscore"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
