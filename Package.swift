// swift-tools-version:6.0
import PackageDescription

// The platform: Linux with glibc (Debian's libxlsxwriter-dev 1.1.4), and nothing else.
// SwiftPM's `platforms` can only name Apple systems, so none is listed: a macOS minimum
// would claim a build that cannot work. The glibc-specific pieces stop a build elsewhere:
// CThreadSafeTime's per-thread gmtime and CCheckedTempFiles' lxw_tmpfile (each an #error
// unless __linux__ and __GLIBC__), which XlsxWriter always links, and CXlsxWriter's
// __fsetlocking. docs/architecture.md, Concurrency.
let package = Package(
    name: "bulletin",
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
        // A per-thread gmtime() interposing glibc's: libxlsxwriter formats creation times with it,
        // and workbooks of different weeks close at the same moment under `run --all`.
        .target(name: "CThreadSafeTime"),
        // libxlsxwriter's temporary files (every part of a workbook passes through one in
        // workbook_close) with each write checked: lxw_tmpfile() interposed.
        .target(name: "CCheckedTempFiles"),
        // A table row written into a constant_memory sheet's row stream with libxlsxwriter's
        // own bytes for it, without its per-cell allocations (XlsxWriter's DirectRow).
        .target(name: "CDirectRows"),
        .target(
            name: "XlsxWriter",
            dependencies: ["CXlsxWriter", "CThreadSafeTime", "CCheckedTempFiles", "CDirectRows"]
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
        // What the test targets share: running a child process (stdout and stderr read at
        // once, a time limit) and the one check for openpyxl, python-docx and LibreOffice.
        .target(
            name: "TestTools",
            path: "Tests/TestTools"
        ),
        .testTarget(
            name: "XlsxWriterTests",
            dependencies: ["XlsxWriter", "CCheckedTempFiles", "TestTools"]
        ),
        .testTarget(
            name: "BulletinCoreTests",
            dependencies: ["BulletinCore", "TestTools"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["bulletin", "TestTools"]
        ),
    ]
)
