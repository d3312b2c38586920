// swift-tools-version:6.0
// Coverage-guided fuzz targets (libFuzzer) for leadscore's readers: `make fuzz` builds them with
// `-sanitize=fuzzer,address` and runs each for a set time. Kept out of the main package, since a fuzz target
// has no `main` of its own (libFuzzer supplies it).
import PackageDescription

let targets = ["fuzz-csv", "fuzz-tokens", "fuzz-yaml", "fuzz-model"]

let package = Package(
    name: "leadscore-fuzz",
    platforms: [.macOS(.v13)],
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(name: "leadscore", path: "../..")],
    targets: [
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer", .product(name: "LeadScore", package: "leadscore")]),
    ] + targets.map {
        // No top-level code: the entry point is the target's `<module>_main`, which hands over to libFuzzer.
        // Linked with lld: gold fails on these AddressSanitizer objects (an internal error in its DWARF reader).
        .executableTarget(name: $0, dependencies: ["FuzzSupport", .product(name: "LeadScore", package: "leadscore")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])],
                          linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
    },
    swiftLanguageModes: [.v6]
)
