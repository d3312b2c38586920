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
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // glibc's malloc.h (mallopt), not in Swift's Glibc module.
        .systemLibrary(name: "CMalloc"),
        // Small C kernels (the bootstrap's, the Hessian's one-hot columns, decoding, CSV splitting, …): Swift
        // cannot target a CPU feature per function, and the build stays baseline x86-64; leadscore runs their
        // AVX2 paths only where the CPU reports AVX2.
        .target(name: "CKernels"),
        .target(
            name: "LeadScore",
            dependencies: [
                "COpenBLAS",
                "CLibCrypto",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                "CKernels",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["README.md"],  // the library's map of its layers, for readers
            // Release builds drop the run-time exclusivity checks (the compile-time ones stay; debug builds,
            // which the tests run, keep both). Measured on 1M leads: reading 0.89 s → 0.61 s (issue 14).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
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
