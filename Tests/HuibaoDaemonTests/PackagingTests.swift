import Foundation
import Testing
@testable import HuibaoDaemon

@Suite struct PackagingTests {
    let packaging = Harness.packageRoot.appendingPathComponent("Packaging")

    @Test func catalogExplainsEveryMessageIDInEnglishAndChinese() throws {
        let catalog = try String(contentsOf: packaging.appendingPathComponent("huibao.catalog"), encoding: .utf8)
        let headers = Set(catalog.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) })
        for event in Event.allCases {
            #expect(headers.contains(event.id), "English entry for \(event)")
            #expect(headers.contains(event.id + " zh_CN"), "Chinese entry for \(event)")
        }
        // journalctl compiles it into a catalog database and can list it.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-catalog-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try catalog.write(to: dir.appendingPathComponent("huibao.catalog"), atomically: true, encoding: .utf8)
        #expect(run("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"]).status == 0)
        let listed = run("/usr/bin/env", ["LANG=C", "/usr/bin/journalctl", "--root=\(root.path)", "--list-catalog"])
        for event in Event.allCases {
            #expect(listed.output.contains(event.id + " huibao: "), "the compiled catalog explains \(event)")
        }
        let chinese = run("/usr/bin/env", ["LANG=zh_CN.UTF-8", "/usr/bin/journalctl", "--root=\(root.path)", "--list-catalog", Event.failed.id])
        #expect(chinese.status == 0)
    }

    @Test func unitIsHardenedAndReadsWhatTheDaemonUses() throws {
        let unit = try String(contentsOf: packaging.appendingPathComponent("huibao.service"), encoding: .utf8)
        for line in ["Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID", "StateDirectory=huibao",
                     "ConfigurationDirectory=huibao", "ReadWritePaths=/var/spool/huibao", "LogRateLimitBurst=", "SWIFT_BACKTRACE="] {
            #expect(unit.contains(line), "unit has \(line)")
        }
        let config = try String(contentsOf: packaging.appendingPathComponent("huibao.conf"), encoding: .utf8)
        #expect(config.contains("Inbox=/var/spool/huibao/inbox"), "the installed inbox is inside ReadWritePaths=")
        let analyzed = run("/usr/bin/systemd-analyze", ["security", "--offline=true", packaging.appendingPathComponent("huibao.service").path])
        let exposure = analyzed.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            .flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first }
        #expect(exposure != nil && exposure! <= 0.5, "exposure \(String(describing: exposure))")
    }

    func run(_ tool: String, _ args: [String]) -> (status: Int32, output: String) {
        ChildProcess.run([tool] + args)
    }
}
