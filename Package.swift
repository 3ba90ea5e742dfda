// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "huibao",
    products: [
        .executable(name: "huibaod", targets: ["huibaod"]),
        .executable(name: "huibao", targets: ["huibao"]),
    ],
    targets: [
        // libsystemd (sd-daemon.h, sd-journal.h) from the system, found through pkg-config.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // signalfd, timerfd and statfs headers that Swift's Glibc module does not export.
        .systemLibrary(name: "CLinux"),
        // SHA-256 blocks with the x86 SHA extensions, chosen at run time by HuibaoCore's SHA256.
        .target(name: "CSHA256"),
        // Pure core: bytes and text in, values out. No files, clocks or sockets.
        .target(name: "HuibaoCore", dependencies: ["CSHA256"], linkerSettings: [.linkedLibrary("m")]),
        // The imperative shell: syscalls, event loop, inbox, store, journal, notify.
        .target(name: "HuibaoDaemon", dependencies: ["HuibaoCore", "CSystemd", "CLinux"]),
        .executableTarget(name: "huibaod", dependencies: ["HuibaoDaemon"]),
        .executableTarget(name: "huibao", dependencies: ["HuibaoCore", "HuibaoDaemon"]),
        .executableTarget(name: "huibao-bench", dependencies: ["HuibaoCore"]),
        .testTarget(name: "HuibaoCoreTests", dependencies: ["HuibaoCore"]),
        .testTarget(name: "HuibaoDaemonTests", dependencies: ["HuibaoCore", "HuibaoDaemon"]),
    ]
)
