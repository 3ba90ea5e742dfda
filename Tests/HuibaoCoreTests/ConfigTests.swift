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
