import Foundation
import Testing
@testable import HuibaoCore

@Suite struct ConfigTests {
    @Test func defaultsAndValues() throws {
        let c = try Configuration.parse("# comment\n[Daemon]\nInbox=/x/inbox\nSettleTime=500ms\nRescanInterval=5min\nMaxFileSize=2M\n").get()
        #expect(c.daemon.inbox == "/x/inbox")
        #expect(c.daemon.settleTime == 0.5)
        #expect(c.daemon.rescanInterval == 300)
        #expect(c.daemon.maxFileSize == 2 << 20)
        #expect(c.daemon.state == nil)
        #expect(try Configuration.parse("").get() == Configuration())
    }

    @Test func everyErrorComesWithItsLine() {
        let text = "[Daemon]\nInbox=/x\nSettleTime=soon\n\nColour=blue\nMaxFileSize=-1\nInbox=/y\n[Elsewhere]\nKey=v\nno equals sign\n"
        guard case .failure(let e) = Configuration.parse(text) else {
            Issue.record("a broken config was accepted")
            return
        }
        #expect(e.errors.map(\.line) == [3, 5, 6, 7, 8, 10])
        #expect(e.errors[0].message.contains("SettleTime"))
        #expect(e.errors[1].message.contains("unknown key Colour"))
        #expect(e.errors[3].message.contains("twice"))
        #expect(e.errors[4].message.contains("[Elsewhere]"))
    }

    @Test func keysOutsideASectionAreRefused() {
        guard case .failure(let e) = Configuration.parse("Inbox=/x\n") else {
            Issue.record("accepted")
            return
        }
        #expect(e.errors.first?.line == 1)
    }

    @Test(arguments: [("60", 60.0), ("60s", 60), ("1.5s", 1.5), ("250ms", 0.25), ("2min", 120), ("1h", 3600)])
    func durations(text: String, seconds: Double) {
        #expect(parseDuration(text) == seconds)
    }

    @Test func badDurationsAndSizes() {
        #expect(parseDuration("soon") == nil)
        #expect(parseDuration("-1s") == nil)
        #expect(parseSize("16M") == 16 << 20)
        #expect(parseSize("x") == nil)
    }
}

@Suite struct RuleConfigTests {
    @Test func theShippedConfigurationParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for path in ["Config/huibao.conf", "Packaging/huibao.conf"] {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let config = try Configuration.parse(text).get()
            #expect(Set(config.rules.map(\.name)) == ["growth-worse", "completion-short", "worse-than-last-year", "rank-fell", "casualties", "safety-zero-dropped", "target-missed"], "\(path)")
        }
    }

    @Test func aRuleIsReadWhole() throws {
        let c = try Configuration.parse("[Rule fall]\nKind=growth money\nSubject=*收入*\nBelow=-5%\nInclusive=yes\nMode=crossing\nHysteresis=1\nSeverity=error\nPart=achievements plan\n").get()
        let r = try #require(c.rules.first)
        #expect(r.name == "fall")
        #expect(r.kinds == [.growth, .money])
        #expect(r.condition == .below(-5, inclusive: true))
        #expect(r.mode == .crossing && r.hysteresis == 1 && r.severity == .error)
        #expect(r.parts == [.achievements, .plan])
        #expect(r.severity.priority == 3)
    }

    /// Each broken rule, with the line and the words of the error a user sees.
    @Test(arguments: [
        ("[Rule a]\nKind=growth\n", 1, "draws no line"),
        ("[Rule a]\nAbove=1\nBelow=2\n", 3, "more than one line"),
        ("[Rule a]\nAbove=lots\n", 2, "not a number"),
        ("[Rule a]\nAbove=1\nColour=red\n", 3, "unknown key Colour"),
        ("[Rule a]\nAbove=1\nKind=growht\n", 3, "'growht' is not one of"),
        ("[Rule a]\nKind=percent\nUnit=元\nAbove=1\n", 3, "can never match"),
        ("[Rule a]\nKind=rank\nBelow=1\n", 3, "ranks start at 1"),
        ("[Rule a]\nZeroEventMissing=yes\nKind=count\n", 3, "zero-events have no kind"),
        ("[Rule a]\nAbove=1\nSeverity=loud\n", 3, "Severity="),
        ("[Rule a]\nAbove=1\nHysteresis=-1\n", 3, "negative"),
        ("[Rule a]\nAbove=1\nHysteresis=1\n", 3, "only matters with Mode=crossing"),
        ("[Rule a]\nAbove=1\n[Rule a]\nBelow=1\n", 3, "defined twice"),
        ("[Rule ]\nAbove=1\n", 1, "needs a name"),
        ("[Daemon]\nAlertCommand=notify-send x\n", 2, "absolute program path"),
    ])
    func brokenRules(text: String, line: Int, words: String) {
        guard case .failure(let e) = Configuration.parse(text) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(e.errors.first?.line == line, "\(text)")
        #expect(e.errors.first?.message.contains(words) == true, "\(e.errors.first?.message ?? "")")
    }

    @Test func alertCommandIsSplitWithoutAShell() throws {
        let c = try Configuration.parse("[Daemon]\nAlertCommand=/usr/local/bin/page --to ops;rm -rf /\n").get()
        #expect(c.daemon.alertCommand == ["/usr/local/bin/page", "--to", "ops;rm", "-rf", "/"])
    }
}
