import Foundation
import Glibc
import Testing

/// The dashboard huibaod keeps (Dashboard=), read as a person would: in Debian's headless
/// Chromium at a phone's and a desktop's width. The pages carry no script; the checks run from
/// a copy of each page with a checker appended, which writes what the browser laid out into the
/// DOM that --dump-dom prints. `make test` installs chromium, fonts-noto-cjk and tidy.
@Suite(.serialized) struct DashboardBrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let screenshots = Harness.packageRoot.appendingPathComponent(".build/dashboard-screenshots").path

    /// Four years of 马峦街道, each a summary and the next year's plan; 2024's investment falls
    /// short of the 75亿元 the 2023 plan set. And a town with a very long name.
    static func reports() -> [(String, String)] {
        let years: [(Int, String, String, String, String)] = [
            (2021, "51", "10.3", "1.8", "58"), (2022, "60", "17.6", "1.9", "68"),
            (2023, "69.69", "16.2", "2.05", "75"), (2024, "72.1", "3.5", "2.2", "80")]
        var out = years.map { y, inv, g, rev, target in
            ("maluan-\(y).txt", """
                马峦街道\(y)年工作总结和\(y + 1)年工作计划
                一、\(y)年工作回顾
                全年完成固定资产投资\(inv)亿元，同比增长\(g)%。一般公共预算收入\(rev)亿元。
                二、\(y + 1)年工作计划
                \(y + 1)年，固定资产投资力争达到\(target)亿元。
                """)
        }
        let long = String(repeating: "超长名称", count: 12)
        out.append(("long.txt", "\(long)镇2024年工作总结\n一、2024年工作回顾\n全年完成固定资产投资1.2亿元，同比增长4.1%。\n"))
        return out
    }

    /// What the browser laid out of `page` (below `site`) at `width` CSS pixels, its console
    /// messages, and the files it asked for that are not there.
    ///
    /// The page is read in a copy with a checker first in its <head>, shown in an iframe that
    /// wide: headless Chromium lays a window narrower than 500 px out 500 px wide, an iframe as
    /// wide as it is. The checker posts its result to the frame's parent, which puts it into the
    /// DOM that --dump-dom prints. A file:// load that fails prints nothing at the usual log level;
    /// --vmodule=file_url_loader_factory=1 prints each file asked for, and each is looked up.
    func browse(_ page: String, width: Int, site: String) throws -> (check: [String: Any], console: [String], missing: [String]) {
        let checker = """
            <script>
            (() => {
              const failed = [];
              // Capturing, and first in <head>: it hears the stylesheet's and images' errors too.
              window.addEventListener('error', e => {
                const t = e.target;
                if (t && t !== window && (t.src || t.href)) failed.push(t.tagName + ' ' + (t.src || t.href));
              }, true);
              window.addEventListener('load', () => {
                const root = document.documentElement;
                const r = {width: window.innerWidth, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, overflow: [], failed};
                for (const link of document.querySelectorAll('link[rel=stylesheet]')) if (!link.sheet) failed.push('stylesheet ' + link.href);
                for (const el of document.querySelectorAll('body *')) {
                  if (el.closest('.scroll') || el.closest('svg')) continue;
                  const b = el.getBoundingClientRect();
                  if (b.width > 0 && b.right > root.clientWidth + 1) r.overflow.push('beyond ' + el.tagName + ' ' + (el.textContent || '').slice(0, 20));
                  if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
                    r.overflow.push('spills ' + el.tagName + ' ' + (el.textContent || '').slice(0, 20));
                }
                r.stylesheet = [...document.styleSheets].some(s => s.href && s.href.endsWith('style.css'))
                  && getComputedStyle(document.body).margin === '0px';
                r.charts = [...document.querySelectorAll('svg.chart')].map(s => s.querySelectorAll('circle.point').length);
                r.missedOnCharts = document.querySelectorAll('svg.chart .target.missed').length;
                const mark = document.querySelector('.missed-mark');
                r.missedMark = mark ? {text: mark.textContent, width: mark.getBoundingClientRect().width, color: getComputedStyle(mark).color} : null;
                const json = JSON.stringify(r);
                if (window.parent !== window) window.parent.postMessage(json, '*'); else document.body.setAttribute('data-check', json);
              });
            })();
            </script>
            """
        let original = try String(contentsOfFile: site + "/" + page, encoding: .utf8)
        let folder = FS_dirname(site + "/" + page), name = (page as NSString).lastPathComponent
        let copy = folder + "/checked-\(width)-" + name, frame = folder + "/check-\(width)-" + name
        let head = try #require(original.range(of: "<head>"), "\(page) has a <head>")
        try original.replacingCharacters(in: head, with: "<head>\n" + checker).write(toFile: copy, atomically: true, encoding: .utf8)
        try """
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>check</title>
            <style>html, body { margin: 0; } iframe { display: block; border: 0; width: \(width)px; height: 900px; }</style></head>
            <body><iframe src="checked-\(width)-\(name)"></iframe>
            <script>window.addEventListener('message', e => document.body.setAttribute('data-check', e.data));</script></body></html>
            """.write(toFile: frame, atomically: true, encoding: .utf8)
        defer { unlink(copy); unlink(frame) }
        let run = ChildProcess.run([Self.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(site)/../chromium",
                                    "--hide-scrollbars", "--force-device-scale-factor=1", "--host-resolver-rules=MAP * ~NOTFOUND",
                                    "--enable-logging=stderr", "--v=0", "--vmodule=file_url_loader_factory=1", "--virtual-time-budget=5000",
                                    "--window-size=\(max(width, 1280)),1000", "--dump-dom", "file://" + frame], timeout: 60)
        #expect(run.status == 0, "chromium: \(run.output.suffix(400))")
        let lines = run.output.split(separator: "\n").map(String.init)
        let console = lines.filter { $0.contains(":CONSOLE") }
        var missing: [String] = []
        for line in lines {
            guard let r = line.range(of: "FileURLLoader::Start: ") else { continue }
            let url = String(line[r.upperBound...]).split(separator: "#")[0].split(separator: "?")[0]
            let path = String(url.dropFirst("file://".count)).removingPercentEncoding ?? ""
            if !url.hasPrefix("file://") || !path.hasPrefix(site + "/") || !FileManager.default.fileExists(atPath: path) {
                missing.append(String(url))
            }
        }
        let attribute = try #require(run.output.range(of: "data-check=\"").map { run.output[$0.upperBound...].prefix { $0 != "\"" } },
                                     "no result from the checker: \(console)")
        let json = attribute.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: "\u{a0}")
            .replacingOccurrences(of: "&amp;", with: "&")
        let check = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (check, console, missing)
    }

    func FS_dirname(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

    @Test func theDashboardReadsWellAtAPhonesAndADesktopsWidth() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.chromium), "Debian's chromium is needed (make test installs it)")
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else { return }
        let site = TestSite()
        site.writeConfig("Dashboard=\(site.root)/dashboard\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        for (name, text) in Self.reports() {
            site.deliver(name, Data(text.utf8))
            #expect(Harness.waitUntil { site.names(site.processed).contains(name) })
        }
        let dash = site.root + "/dashboard"
        let index = dash + "/index.html"
        // The refresh after the last batch: the overview names the long-named town.
        #expect(Harness.waitUntil(20) { (try? String(contentsOfFile: index, encoding: .utf8))?.contains("超长名称超长名称") == true })
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)

        let issuerPage = try #require((try FileManager.default.contentsOfDirectory(atPath: dash + "/issuer")).first { name in
            (try? String(contentsOfFile: dash + "/issuer/" + name, encoding: .utf8))?.contains("马峦街道") == true
        })
        let reportsPage = try #require((try FileManager.default.contentsOfDirectory(atPath: dash + "/report")).first.map { "report/" + $0 })
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        for width in [390, 1280] {
            for (label, page) in [("overview", "index.html"), ("issuer", "issuer/" + issuerPage), ("reports", reportsPage)] {
                let (check, console, missing) = try browse(page, width: width, site: dash)
                #expect(check["width"] as? Int == width, "\(label): the page is laid out \(check["width"] ?? "?") px wide")
                #expect(console.isEmpty, "\(label) at \(width) px: \(console)")
                #expect(missing.isEmpty && (check["failed"] as? [String])?.isEmpty == true,
                        "\(label) at \(width) px asks for files that are not there: \(missing) \(check["failed"] ?? "")")
                #expect(check["stylesheet"] as? Bool == true, "\(label): style.css loaded")
                #expect((check["overflow"] as? [String])?.isEmpty == true, "\(label) at \(width) px: \(check["overflow"] ?? "")")
                #expect((check["scrollWidth"] as? Int ?? .max) <= (check["width"] as? Int ?? 0), "\(label) at \(width) px scrolls sideways")
                if label == "issuer" {
                    // 固定资产投资 and its growth, 一般公共预算收入: a point per year each.
                    #expect((check["charts"] as? [Int])?.sorted() == [4, 4, 4], "\(check["charts"] ?? "")")
                    #expect(check["missedOnCharts"] as? Int == 1, "the 2024 investment target is missed")
                    let mark = check["missedMark"] as? [String: Any]
                    #expect(mark?["text"] as? String == "未完成 missed" && (mark?["width"] as? Double ?? 0) > 0)
                }
                let shot = Self.screenshots + "/\(label)-\(width).png"
                unlink(shot)
                _ = ChildProcess.run([Self.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(site.root)/chromium",
                                      "--window-size=\(width),1600", "--screenshot=\(shot)", "file://\(dash)/\(page)"], timeout: 60)
                let png = FileManager.default.contents(atPath: shot) ?? Data()
                #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(shot)")
            }
        }
        // The CSS's first choice for Chinese is installed: the text is not drawn in boxes.
        let font = ChildProcess.run(["/usr/bin/fc-match", "-f", "%{family}", "Noto Sans CJK SC"])
        #expect(font.output.contains("Noto Sans CJK"), "fonts-noto-cjk: \(font.output)")
        // Valid HTML: tidy finds no errors (exit 2) in any page; warnings (1) are its old SVG list.
        let pages = (FileManager.default.enumerator(atPath: dash)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".html") }
        #expect(pages.count > 5)
        for page in pages {
            let tidy = ChildProcess.run(["/usr/bin/tidy", "-errors", "-q", dash + "/" + page])
            #expect(tidy.status == 0 || tidy.status == 1, "\(page): \(tidy.output.prefix(300))")
        }
    }

    /// The checks above would see an error: a page whose script fails, a stylesheet that is missing.
    @Test func aBrokenPageIsSeenBroken() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else { return }
        let site = TestSite()
        let dir = site.root + "/broken"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"style.css\"></head><body><p style=\"width:2000px\">宽</p><script>undefinedFunction()</script></body></html>"
            .write(toFile: dir + "/index.html", atomically: true, encoding: .utf8)
        let (check, console, missing) = try browse("index.html", width: 390, site: dir)
        #expect(check["width"] as? Int == 390, "laid out at the width asked for")
        #expect(!console.isEmpty, "the script error is in the console")
        #expect(check["stylesheet"] as? Bool == false, "no style.css")
        #expect(missing.contains { $0.hasSuffix("/style.css") }, "the missing stylesheet is a missing file: \(missing)")
        #expect((check["failed"] as? [String])?.isEmpty == false, "the stylesheet's load failed")
        #expect((check["overflow"] as? [String])?.isEmpty == false, "the wide paragraph overflows")
    }
}
