// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "bulletin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bulletin", targets: ["bulletin"]),
        .library(name: "BulletinCore", targets: ["BulletinCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // A per-thread gmtime() interposing glibc's: libxlsxwriter formats creation times with it.
        .target(name: "CThreadSafeTime"),
        .target(
            name: "XlsxWriter",
            dependencies: ["CXlsxWriter", "CThreadSafeTime"]
        ),
        .target(
            name: "BulletinCore",
            dependencies: [
                "XlsxWriter",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "bulletin",
            dependencies: [
                "BulletinCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "XlsxWriterTests",
            dependencies: ["XlsxWriter"]
        ),
        .testTarget(
            name: "BulletinCoreTests",
            dependencies: ["BulletinCore"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["bulletin"]
        ),
    ]
)
