// swift-tools-version:6.0
// libFuzzer targets for the parsers that take what units and the office send (CSV with
// its encodings, .xlsx workbooks, dates, credit codes and phones, plan.yaml). A package of its own: its
// executables have no main (libFuzzer brings one), so they build only with the fuzzer
// flags of scripts/fuzz.sh and never in the main package's build or CI.
import PackageDescription

let package = Package(
    name: "BulletinFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "bulletin", path: "..")],
    targets: [.target(name: "FuzzSupport")] + ["FuzzCSV", "FuzzDate", "FuzzCodes", "FuzzPlan", "FuzzXLSX"].map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "BulletinCore", package: "bulletin")])
    }
)
