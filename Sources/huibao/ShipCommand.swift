import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao ship`: the store into PostgreSQL, through psql.
enum ShipCommand {
    static let help = """
        usage: huibao ship --postgres CONNINFO [--psql PATH] [--state DIR] [--config FILE]

        Loads what the store holds after the database's own cursor into PostgreSQL: reports,
        figures (with indicator, measure, period and direction), alerts and the targets judged.
        CONNINFO is psql's (`host=/run/postgresql dbname=huibao` or a postgresql:// URI; a
        password comes from ~/.pgpass or PGPASSFILE). The tables are created when missing.
        One transaction holds the new rows and the new cursor, so a crash or a second run never
        loads a record twice or skips one. psql (Debian: postgresql-client) does the talking;
        --psql names it when it is not /usr/bin/psql.
        Exit status: 0 loaded (or nothing new), 2 usage error or a failed load (nothing of it kept).

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "ship", options: ["--postgres", "--psql"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let conninfo = q.options["--postgres"], !conninfo.isEmpty else {
            writeStderr("huibao ship: --postgres CONNINFO is needed\n" + help)
            return 2
        }
        let psql = q.options["--psql"] ?? "/usr/bin/psql"
        guard access(psql, X_OK) == 0 else {
            writeStderr("huibao ship: \(psql) is not there: install postgresql-client (Debian), or name psql with --psql\n")
            return 2
        }
        guard let dir = q.stateDirectory("ship") else { return 2 }
        // psql may stop reading (a failed statement): that is its exit status to report, not a signal to die of.
        signal(SIGPIPE, SIG_IGN)
        do {
            let s = try PostgresShip.ship(state: dir, conninfo: conninfo, catalogue: q.config()?.catalogue ?? .empty, psql: psql)
            print("huibao ship: \(s.records) records, \(s.figures) figures, \(s.alerts) alert events and \(s.targets) targets; cursor \(s.from) → \(s.to)")
            return 0
        } catch {
            writeStderr("huibao ship: \(error)\n")
            return 2
        }
    }
}
