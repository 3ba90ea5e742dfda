import Foundation
import Glibc
import Testing

// The built huibaod as a process: real inotify, real journald, real files and signals.
// Serialized: each test runs its own journald, and the machine has two cores.
@Suite(.serialized) struct DaemonTests {
    @Test func processesPreexistingWrittenAndRenamedFiles() throws {
        let site = TestSite()
        site.write("before-start.txt", sampleReport(1))
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        site.write("written.txt", sampleReport(2))
        site.deliver("renamed.txt", sampleReport(3))
        #expect(Harness.waitUntil { site.names(site.processed).count == 3 })
        #expect(site.names(site.processed) == ["before-start.txt", "renamed.txt", "written.txt"])
        #expect(site.names(site.inbox).isEmpty)
        #expect(site.names(site.work).isEmpty)
        let records = site.storeRecords()
        #expect(records.count == 3)
        #expect(Set(records.compactMap { $0["file"] as? String }) == ["before-start.txt", "written.txt", "renamed.txt"])
        #expect(records.allSatisfy { $0["schema"] as? Int == 2 })

        // systemd hears about it: READY, STATUS with counts, WATCHDOG pings.
        #expect(d.notify.waitFor { $0.contains("STATUS=processed 3,") } != nil)
        #expect(d.notify.waitFor { $0.contains("WATCHDOG=1") } != nil)

        // journald has one entry per file, with the kind of event and its fields.
        let entry = d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.processed && $0["HUIBAO_FILE"] as? String == "renamed.txt" }
        #expect(entry != nil)
        let sha = records.first { $0["file"] as? String == "renamed.txt" }?["sha256"] as? String
        #expect(entry?["HUIBAO_SHA256"] as? String == sha)
        #expect(entry?["PRIORITY"] as? String == "6")
        #expect(entry?["CODE_FILE"] as? String != nil)
        #expect(d.journal().contains { $0["MESSAGE_ID"] as? String == MessageID.started })

        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
        #expect(d.notify.poll().contains { $0.contains("STOPPING=1") })
    }

    @Test func rejectsWhatIsNotAReportAndKeepsRunning() throws {
        let site = TestSite(extraConfig: "MaxFileSize=64K\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        symlink("/etc/shadow", site.inbox + "/link-to-shadow")
        mkfifo(site.inbox + "/a-fifo", 0o644)
        site.deliver("too-big.txt", Data(repeating: 0x41, count: 65 * 1024))
        site.deliver("garbage.bin", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7919) }))
        #expect(Harness.waitUntil { site.names(site.failed).count == 8 })
        for name in ["link-to-shadow", "a-fifo", "too-big.txt", "garbage.bin"] {
            let reason = (try? String(contentsOfFile: site.failed + "/" + name + ".reason", encoding: .utf8)) ?? ""
            #expect(reason.contains("reason: "), "\(name) has a reason file")
        }
        let linkReason = try String(contentsOfFile: site.failed + "/link-to-shadow.reason", encoding: .utf8)
        #expect(linkReason.contains("symbolic link"))
        #expect(try String(contentsOfFile: site.failed + "/a-fifo.reason", encoding: .utf8).contains("FIFO"))
        #expect(try String(contentsOfFile: site.failed + "/too-big.txt.reason", encoding: .utf8).contains("too large"))
        #expect(!linkReason.contains("root:"), "a reason never echoes what it points at")

        // Still alive and still working.
        site.deliver("good.txt", sampleReport(7))
        #expect(Harness.waitUntil { site.names(site.processed) == ["good.txt"] })
        #expect(d.isRunning)
        let failure = d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.failed && $0["HUIBAO_FILE"] as? String == "a-fifo" }
        #expect((failure?["HUIBAO_REASON"] as? String)?.contains("FIFO") == true)
        #expect(failure?["PRIORITY"] as? String == "3")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func sighupWithBrokenConfigKeepsTheOldOne() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        let readyCount = d.notify.poll().filter { $0.contains("READY=1") }.count
        try "[Daemon]\nInbox=\(site.inbox)\nState=\(site.state)\nSettleTime=fast\nBogus=1\n".write(toFile: site.config, atomically: true, encoding: .utf8)
        d.signal(SIGHUP)
        let reloading = d.notify.waitFor { $0.contains("RELOADING=1") }
        #expect(reloading?.contains("MONOTONIC_USEC=") == true)
        #expect(Harness.waitUntil { d.notify.poll().filter { $0.contains("READY=1") }.count == readyCount + 1 },
                "READY=1 follows the reload: \(d.notify.poll())")
        let refused = d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.reloadRefused }
        let message = refused?["MESSAGE"] as? String ?? ""
        #expect(message.contains("huibao.conf:4:"), "names the line of the bad value: \(message)")
        #expect(message.contains("huibao.conf:5:"), "names the line of the unknown key: \(message)")
        // The old configuration still runs the daemon.
        site.deliver("after-reload.txt", sampleReport(11))
        #expect(Harness.waitUntil { site.names(site.processed) == ["after-reload.txt"] })
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func duplicatesAndACrashBetweenAppendAndMoveGiveOneRecord() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        site.deliver("first.txt", sampleReport(21))
        #expect(Harness.waitUntil { site.names(site.processed) == ["first.txt"] })
        site.deliver("same-bytes-again.txt", sampleReport(21))
        #expect(Harness.waitUntil { site.names(site.processed).count == 2 })
        #expect(d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.duplicate } != nil)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
        // As if the daemon died after the append but before the move: the file is back in work/.
        try FileManager.default.copyItem(atPath: site.processed + "/first.txt", toPath: site.work + "/first.txt")
        d.start()
        #expect(d.waitReady())
        #expect(Harness.waitUntil { site.names(site.work).isEmpty })
        #expect(site.storeLines().count == 1)
        #expect(site.names(site.processed) == ["first.txt", "first.txt.1", "same-bytes-again.txt"])
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func tornStoreTailIsCutAtStartUp() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        site.deliver("a.txt", sampleReport(31))
        #expect(Harness.waitUntil { site.storeLines().count == 1 })
        d.signal(SIGKILL)
        _ = d.waitExit()
        let whole = try Data(contentsOf: URL(fileURLWithPath: site.state + "/reports.jsonl"))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: site.state + "/reports.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{\"schema\":1,\"file\":\"torn".utf8))
        try handle.close()
        d.start()
        #expect(d.waitReady())
        let repaired = d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.storeRepaired }
        #expect((repaired?["MESSAGE"] as? String)?.contains("torn") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: site.state + "/reports.jsonl")) == whole)
        site.deliver("b.txt", sampleReport(32))
        #expect(Harness.waitUntil { site.storeLines().count == 2 })
        #expect(site.storeRecords().count == 2)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func inboxRemovedAndRecreatedIsWatchedAgain() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        try FileManager.default.removeItem(atPath: site.inbox)
        #expect(d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.inboxLost } != nil)
        #expect(d.notify.waitFor { $0.contains("inbox missing") } != nil)
        #expect(d.isRunning)
        try FileManager.default.createDirectory(atPath: site.inbox, withIntermediateDirectories: false)
        #expect(d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.inboxBack } != nil)
        site.deliver("after.txt", sampleReport(41))
        #expect(Harness.waitUntil { site.names(site.processed) == ["after.txt"] })
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func killedWhileFilesArriveLosesAndDuplicatesNothing() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start(watchdogMicros: nil)
        #expect(d.waitReady())
        let total = 500
        let writer = Thread {
            for i in 0..<total {
                usleep(2000) // a steady stream, so the kill lands while files are still arriving
                if i % 2 == 0 { site.deliver("r\(i).txt", sampleReport(1000 + i)) } else { site.write("r\(i).txt", sampleReport(1000 + i)) }
            }
        }
        writer.start()
        #expect(Harness.waitUntil { site.storeLines().count >= 50 })
        d.signal(SIGKILL)
        _ = d.waitExit()
        #expect(!writer.isFinished, "the daemon died while files were still arriving")
        #expect(Harness.waitUntil(30) { writer.isFinished })
        d.start(watchdogMicros: nil)
        #expect(d.waitReady())
        #expect(Harness.waitUntil(60) { site.names(site.processed).count >= total })
        let shas = site.storeRecords().compactMap { $0["sha256"] as? String }
        #expect(shas.count == total, "one record per report")
        #expect(Set(shas).count == total, "no report recorded twice")
        #expect(site.names(site.inbox).isEmpty)
        #expect(site.names(site.work).isEmpty)
        #expect(site.names(site.failed).isEmpty)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func aFullDiskLosesNothingAndDrainsWhenSpaceReturns() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        // The store on a 256 KiB tmpfs, nearly filled by a file the test can remove later.
        try FileManager.default.createDirectory(atPath: site.state, withIntermediateDirectories: true)
        d.prelude = "mount -t tmpfs -o size=256k tmpfs '\(site.state)' && dd if=/dev/zero of='\(site.state)/filler' bs=1k count=244 2>/dev/null"
        d.start()
        #expect(d.waitReady())
        for i in 0..<30 { site.deliver("r\(i).txt", sampleReport(5000 + i)) }
        #expect(d.notify.waitFor { $0.contains("degraded") } != nil, "STATUS says degraded")
        #expect(Harness.waitUntil { site.names(site.inbox).isEmpty })
        #expect(!site.names(site.work).isEmpty, "unrecorded files wait in work/")
        let stored = d.inNamespace("test $(grep -c '' '\(site.state)/reports.jsonl') -lt 30")
        #expect(stored == 0, "not everything fitted")
        // Every line in the store is whole: nothing torn by ENOSPC.
        #expect(d.inNamespace("tail -c1 '\(site.state)/reports.jsonl' | od -An -c | grep -q '\\\\n'") == 0)
        d.inNamespace("rm '\(site.state)/filler'")
        #expect(Harness.waitUntil(20) { site.names(site.processed).count == 30 }, "drains by itself once space returns")
        #expect(site.names(site.work).isEmpty)
        #expect(d.inNamespace("test $(grep -c '' '\(site.state)/reports.jsonl') -eq 30") == 0)
        #expect(d.notify.waitFor { $0.hasPrefix("STATUS=processed 30,") && !$0.contains("degraded") } != nil)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func aFileNameWithANewlineIsPassedAsData() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        let name = "two\nlines 报告.txt"
        site.deliver(name, sampleReport(61))
        #expect(Harness.waitUntil { site.names(site.processed) == [name] })
        let entry = d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.processed }
        // journalctl prints a value holding a control character as an array of its bytes.
        let field = entry?["HUIBAO_FILE"]
        let value = (field as? String) ?? (field as? [Int]).map { String(decoding: $0.map { UInt8($0) }, as: UTF8.self) }
        #expect(value == name)
        #expect(site.storeRecords().first?["file"] as? String == name)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func refusesToStartWhenMovesWouldCrossMounts() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        // As under a unit whose ReadWritePaths= names only the inbox: one filesystem, two mounts.
        d.prelude = "mount --bind '\(site.inbox)' '\(site.inbox)'"
        d.start()
        #expect(d.waitExit() == 1)
        let stderr = try String(contentsOfFile: d.stderrPath, encoding: .utf8)
        #expect(stderr.contains("by rename"), "says why: \(stderr)")
        #expect(site.names(site.inbox).isEmpty, "the probe file is cleaned up")
    }

    @Test func aProbeLeftByAKilledDaemonIsRemovedAndALiveOnesIsNot() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        for dir in [site.inbox, site.work, site.processed, site.failed] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        // A pid that has surely exited: a child we have already reaped.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        #expect(FileManager.default.createFile(atPath: site.failed + "/.huibao-probe-\(gone.processIdentifier)", contents: nil))
        // One whose process lives (this test runner): another daemon's probe in flight.
        #expect(FileManager.default.createFile(atPath: site.processed + "/.huibao-probe-\(getpid())", contents: nil))
        d.start()
        #expect(d.waitReady())
        #expect(site.names(site.failed).isEmpty, "the dead daemon's probe is gone")
        #expect(site.names(site.processed) == [".huibao-probe-\(getpid())"], "a living process's probe is left")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func aFileInHandAtThreeStopsInARowIsQuarantined() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        try FileManager.default.createDirectory(atPath: site.work, withIntermediateDirectories: true)
        // As if the daemon had died three times with these files in hand.
        #expect(FileManager.default.createFile(atPath: site.work + "/poison.txt", contents: sampleReport(90)))
        try "3".write(toFile: site.work + "/.poison.txt.starts", atomically: true, encoding: .utf8)
        #expect(FileManager.default.createFile(atPath: site.work + "/once.txt", contents: sampleReport(91)))
        try "1".write(toFile: site.work + "/.once.txt.starts", atomically: true, encoding: .utf8)
        d.start()
        #expect(d.waitReady())
        #expect(Harness.waitUntil { site.names(site.processed) == ["once.txt"] })
        #expect(site.names(site.failed) == ["poison.txt", "poison.txt.reason"])
        #expect(try String(contentsOfFile: site.failed + "/poison.txt.reason", encoding: .utf8).contains("quarantined"))
        #expect(site.names(site.work).isEmpty, "no counters left behind")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }
}
