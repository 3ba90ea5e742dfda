import Glibc
import HuibaoCore
import HuibaoDaemon

enum DashboardCommand {
    static let help = """
        usage: huibao dashboard --out DIR [--state DIR] [--config FILE]

        Writes the dashboard into DIR: a static site (HTML, CSS and inline SVG; no script, nothing
        fetched from elsewhere) of the stored reports. index.html lists the issuers with their
        latest report, the alerts firing and the targets missed; a page per issuer charts each
        indicator over the years with its targets; a page per indicator compares issuers; pages of
        each issuer's reports (twenty to a page) quote each figure's clause, which every number
        links to. Each page is written
        beside its place and renamed over it. huibaod keeps the same site fresh with Dashboard=.
        Exit status: 0 written, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "dashboard", options: ["--out"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let out = q.options["--out"] else { writeStderr("huibao dashboard: --out DIR is needed\n" + help); return 2 }
        guard let state = q.stateDirectory("dashboard") else { return 2 }
        do {
            let count = try DashboardSite.refresh(state: state, catalogue: q.config()?.catalogue ?? .empty, into: out,
                                                  now: isoTimestamp())
            print("huibao dashboard: \(count) pages written to \(out)")
            return 0
        } catch {
            writeStderr("huibao dashboard: \(error)\n")
            return 2
        }
    }
}
