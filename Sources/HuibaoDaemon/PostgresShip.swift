import Dispatch
import FoundationEssentials
import Glibc
import Synchronization
import HuibaoCore

/// `huibao ship --postgres CONNINFO`: what the store holds after the database's own cursor,
/// loaded through `psql` (no client library linked) in one transaction together with the new
/// cursor, so that a crash or a second run never loads a record twice nor skips one.
///
/// Two psql runs: the first creates the schema if it is missing and prints the cursor the
/// database holds; the second reads a script on its stdin: BEGIN, a check that the cursor has
/// not moved meanwhile (another shipper), COPY blocks of the new reports, figures and alerts,
/// the targets of the issuers the new records belong to judged again and replaced (they are
/// derived; no other issuer's can change; their quotes are the figures' rows, joined in the
/// view targets_quoted), the new cursor, COMMIT. A script cut short (the shipper killed) never reaches COMMIT: PostgreSQL
/// rolls the transaction back when psql goes.
public enum PostgresShip {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    public struct Shipped: Sendable {
        public var from: StoreCursor
        public var to: StoreCursor
        public var records: Int
        public var figures: Int
        public var alerts: Int
        public var targets: Int
    }

    /// The tables, created when missing; `latest_reports` keeps the newest record of each
    /// report (a reprocessed report's new record supersedes the old).
    public static let schema = """
        SET client_min_messages = warning;
        CREATE TABLE IF NOT EXISTS huibao_cursor (
          id int PRIMARY KEY CHECK (id = 1), records bigint NOT NULL, alerts bigint NOT NULL,
          shipped_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO huibao_cursor (id, records, alerts) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING;
        CREATE TABLE IF NOT EXISTS reports (
          seq bigint PRIMARY KEY, sha256 text NOT NULL, file text NOT NULL, title text, organization text,
          issuer_key text, province text, city text, district text, subdistrict text, level text,
          published text, report_year int, plan_year int, kinds text, report_period text, format text, encoding text);
        CREATE TABLE IF NOT EXISTS figures (
          seq bigint NOT NULL, idx int NOT NULL, text text NOT NULL,
          value double precision, min double precision, max double precision, unit text, qualifier text,
          kind text, subject text, part text, section int, context text, indicator text, domain text,
          measure text, baseline text, period text, polarity text, direction text);
        CREATE TABLE IF NOT EXISTS alerts (
          n bigint PRIMARY KEY, time timestamptz, event text NOT NULL, id text, rule text, severity text,
          issuer text, organization text, report_year int, subject text, indicator text, measure text,
          period text, polarity text, direction text, value double precision, unit text, threshold text,
          change double precision, previous_value double precision, previous_year int,
          target double precision, target_context text, reason text, file text, sha256 text, context text);
        CREATE TABLE IF NOT EXISTS targets (
          issuer_key text NOT NULL, organization text, year int NOT NULL, indicator text NOT NULL, measure text NOT NULL,
          unit text, outcome text NOT NULL, gap double precision, target_value double precision,
          target_seq bigint NOT NULL, target_idx int NOT NULL, actual_value double precision, actual_seq bigint, actual_idx int);
        CREATE INDEX IF NOT EXISTS targets_issuer ON targets (issuer_key);
        CREATE OR REPLACE VIEW latest_reports AS
          SELECT DISTINCT ON (sha256) * FROM reports ORDER BY sha256, seq DESC;
        CREATE OR REPLACE VIEW latest_figures AS
          SELECT r.organization, r.issuer_key, r.report_year, r.file, f.* FROM figures f JOIN latest_reports r USING (seq);
        CREATE OR REPLACE VIEW targets_quoted AS
          SELECT t.*, p.text AS target_text, p.context AS target_context, a.text AS actual_text, a.context AS actual_context
            FROM targets t JOIN figures p ON (p.seq, p.idx) = (t.target_seq, t.target_idx)
            LEFT JOIN figures a ON (a.seq, a.idx) = (t.actual_seq, t.actual_idx);

        """ + bulkIndexes.map { "CREATE \($0.create.replacing("INDEX ", with: "INDEX IF NOT EXISTS "));\n" }.joined()

    /// The indexes of the big tables. A load adds its rows' keys to them one at a time; a load at
    /// least as large as what the database holds (the first, above all) drops them and builds
    /// them after, by a sort, which is several times faster. Both happen inside the load's
    /// transaction: a load rolled back leaves them as they were.
    static let bulkIndexes: [(name: String, create: String)] = [
        ("figures_key", "UNIQUE INDEX figures_key ON figures (seq, idx)"),
        ("figures_indicator", "INDEX figures_indicator ON figures (indicator, measure, period) WHERE indicator IS NOT NULL"),
        ("reports_sha256", "INDEX reports_sha256 ON reports (sha256, seq)"),
    ]

    static let reportColumns = "seq, sha256, file, title, organization, issuer_key, province, city, district, subdistrict, level, published, report_year, plan_year, kinds, report_period, format, encoding"
    static let figureColumns = "seq, idx, text, value, min, max, unit, qualifier, kind, subject, part, section, context, indicator, domain, measure, baseline, period, polarity, direction"
    static let alertColumns = "n, time, event, id, rule, severity, issuer, organization, report_year, subject, indicator, measure, period, polarity, direction, value, unit, threshold, change, previous_value, previous_year, target, target_context, reason, file, sha256, context"
    static let targetColumns = "issuer_key, organization, year, indicator, measure, unit, outcome, gap, target_value, target_seq, target_idx, actual_value, actual_seq, actual_idx"

    /// Ships what is new in the store in `state` into the database `conninfo` names.
    public static func ship(state: String, conninfo: String, catalogue: IndicatorCatalogue, psql: String) throws -> Shipped {
        let prepared = try run(psql, conninfo, script: Array((schema + "SELECT records || '.' || alerts FROM huibao_cursor;\n").utf8),
                               output: true, arguments: ["-A", "-t"])
        guard let from = StoreCursor(prepared.split(separator: "\n").last.map(String.init) ?? "") else {
            throw Failure("the database gave no cursor (\(prepared.prefix(200)))")
        }
        let tail = try StoreTail(directory: state, after: from)
        var shipped = Shipped(from: from, to: tail.to, records: tail.seqs.count, figures: 0, alerts: tail.alertLines.count, targets: 0)
        guard tail.to != from else { return shipped }
        let store = tail.store
        // The facts of the newest record of each report, for the targets of the issuers the new
        // records belong to (no other issuer's judgements can change): the new records' facts
        // are taken as they are shipped, the older records of those issuers read afterwards.
        var facts: [String: [ReportFacts]] = [:]
        func keep(_ r: Record, _ seq: Int) {
            guard store.isLatest[seq] else { return }
            var f = ReportFacts(record: r, seq: seq)
            f.figures.removeAll { $0.indicator == nil }
            facts[f.issuer, default: []].append(f)
        }
        _ = try run(psql, conninfo, output: false) { write in
            try write(Array("""
                BEGIN;
                LOCK TABLE huibao_cursor IN EXCLUSIVE MODE;
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM huibao_cursor WHERE records = \(from.records) AND alerts = \(from.alerts)) THEN
                    RAISE EXCEPTION 'huibao ship: the database moved past cursor \(from) while this load was made: another shipper ran; run again';
                  END IF;
                END $$;

                """.utf8))
            let bulk = tail.seqs.count >= from.records
            if bulk { try write(Array("DROP INDEX \(bulkIndexes.map(\.name).joined(separator: ", "));\n".utf8)) }
            // A share of records at a time: the whole store's figures would not fit in memory.
            var start = tail.seqs.lowerBound
            while start < tail.seqs.upperBound {
                let seqs = Array(start..<min(start + 2000, tail.seqs.upperBound))
                let records = store.records(seqs, withFigures: true, transform: { $0.upgraded(catalogue: catalogue) })
                var reports = CopyBlock(table: "reports", columns: reportColumns)
                var figures = CopyBlock(table: "figures", columns: figureColumns)
                for (seq, record) in zip(seqs, records) {
                    guard let r = record else { continue }
                    reports.int(seq); reports.text(r.sha256); reports.text(r.file); reports.text(r.title)
                    reports.text(r.organization); reports.text(r.issuerKey); reports.text(r.place.province)
                    reports.text(r.place.city); reports.text(r.place.district); reports.text(r.place.subdistrict)
                    reports.text(r.level.rawValue); reports.text(r.published); reports.int(r.report_year); reports.int(r.plan_year)
                    reports.text(r.kinds.map(\.rawValue).joined(separator: "+")); reports.text(r.report_period)
                    reports.text(r.format); reports.text(r.encoding)
                    reports.endRow()
                    for i in r.figures.indices {
                        let f = r.figures[i]
                        figures.int(seq); figures.int(i); figures.text(f.text); figures.number(f.value); figures.number(f.min)
                        figures.number(f.max); figures.text(f.unit); figures.text(f.qualifier.rawValue); figures.text(f.kind.rawValue)
                        figures.text(f.subject); figures.text(f.part.rawValue); figures.int(f.section); figures.text(f.context)
                        figures.text(f.indicator); figures.text(f.domain?.rawValue); figures.text(f.measure?.rawValue)
                        figures.text(f.baseline); figures.text(f.period); figures.text(f.polarity?.rawValue)
                        figures.text(f.direction?.rawValue)
                        figures.endRow()
                    }
                    shipped.figures += r.figures.count
                    keep(r, seq)
                }
                try write(reports.finished())
                try write(figures.finished())
                start += seqs.count
            }
            var alerts = CopyBlock(table: "alerts", columns: alertColumns)
            let decoder = JSONDecoder()
            for (n, line) in tail.alertLines {
                // A line that does not decode is kept as what it is, an unreadable event.
                let a = try? decoder.decode(AlertRecord.self, from: Data(line))
                alerts.int(n); alerts.text(a?.time); alerts.text(a?.event ?? "unreadable"); alerts.text(a?.id)
                alerts.text(a?.rule); alerts.text(a?.severity); alerts.text(a?.issuer); alerts.text(a?.organization)
                alerts.int(a?.report_year); alerts.text(a?.subject); alerts.text(a?.indicator); alerts.text(a?.measure)
                alerts.text(a?.period); alerts.text(a?.polarity); alerts.text(a?.direction); alerts.number(a?.value)
                alerts.text(a?.unit); alerts.text(a?.threshold); alerts.number(a?.change); alerts.number(a?.previous_value)
                alerts.int(a?.previous_year); alerts.number(a?.target); alerts.text(a?.target_context); alerts.text(a?.reason)
                alerts.text(a?.file); alerts.text(a?.sha256); alerts.text(a?.context)
                alerts.endRow()
            }
            try write(alerts.finished())

            // The touched issuers' older records, then their targets judged again and replaced.
            let older = (0..<tail.seqs.lowerBound).filter { store.isLatest[$0] }
            let touched = Set(facts.keys)
            let issuers = store.records(older).map { $0?.issuerKey }
            let wanted = zip(older, issuers).compactMap { seq, key in key.map(touched.contains) == true ? seq : nil }
            for (seq, record) in zip(wanted, store.records(wanted, withFigures: true, transform: { $0.upgraded(catalogue: catalogue) })) {
                if let r = record { keep(r, seq) }
            }
            var targets = CopyBlock(table: "targets", columns: targetColumns)
            var delete = CopyBlock(table: "touched_issuers", columns: "issuer_key")
            for (issuer, reports) in facts {
                delete.text(issuer)
                delete.endRow()
                for j in Targets.judge(issuerReports: reports.sorted { $0.seq < $1.seq }) {
                    targets.text(j.issuer); targets.text(j.organization); targets.int(j.year); targets.text(j.indicator)
                    targets.text(j.measure.rawValue); targets.text(j.target.unit); targets.text(j.outcome.rawValue)
                    targets.number(j.gap); targets.number(j.target.value); targets.int(j.targetReport.seq)
                    targets.int(j.target.index); targets.number(j.actual?.value); targets.int(j.actualReport?.seq)
                    targets.int(j.actual?.index)
                    targets.endRow()
                    shipped.targets += 1
                }
            }
            try write(Array("CREATE TEMPORARY TABLE touched_issuers (issuer_key text PRIMARY KEY) ON COMMIT DROP;\n".utf8))
            try write(delete.finished())
            try write(Array("DELETE FROM targets WHERE issuer_key IN (SELECT issuer_key FROM touched_issuers);\n".utf8))
            try write(targets.finished())
            if bulk {
                try write(Array(("SET LOCAL maintenance_work_mem = '256MB';\n"
                    + bulkIndexes.map { "CREATE \($0.create);\n" }.joined() + "ANALYZE reports, figures;\n").utf8))
            }
            try write(Array("""
                UPDATE huibao_cursor SET records = \(tail.to.records), alerts = \(tail.to.alerts), shipped_at = now();
                COMMIT;

                """.utf8))
        }
        return shipped
    }

    static func number(_ d: Double) -> String { JSONWriter.format(d) }

    /// One COPY … FROM STDIN block in CSV: NULL is an unquoted empty field, an empty string a
    /// quoted one, and a field with a comma, quote, backslash or line end is quoted. Fields are
    /// appended one by one (no array per row: a load is millions of rows).
    struct CopyBlock {
        private var bytes: [UInt8]
        private var rowStarted = false

        init(table: String, columns: String) {
            bytes = Array("COPY \(table) (\(columns)) FROM STDIN WITH (FORMAT csv);\n".utf8)
            bytes.reserveCapacity(1 << 20)
        }

        @inline(__always)
        private mutating func separate() {
            if rowStarted { bytes.append(0x2C) } else { rowStarted = true }
        }

        mutating func text(_ field: String?) {
            separate()
            guard let field else { return }
            let fast: Void? = field.utf8.withContiguousStorageIfAvailable { append($0) }
            if fast == nil { append(Array(field.utf8)) }
        }

        private mutating func append<C: Collection<UInt8>>(_ utf8: C) {
            if utf8.isEmpty || utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) {
                bytes.append(0x22)
                for b in utf8 {
                    if b == 0x22 { bytes.append(0x22) }
                    bytes.append(b)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func int(_ v: Int?) {
            separate()
            guard var v else { return }
            if v < 0 { bytes.append(0x2D); v = -v }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var n = 0
            withUnsafeMutableBytes(of: &digits) { d in
                repeat { d[n] = UInt8(truncatingIfNeeded: 0x30 &+ v % 10); v /= 10; n += 1 } while v > 0
                for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[k]) }
            }
        }

        mutating func number(_ d: Double?) {
            guard let d, d.isFinite else { return text(nil) }
            if d == d.rounded(), abs(d) < 1e15 { return int(Int(d)) }
            text(PostgresShip.number(d))
        }

        mutating func endRow() {
            bytes.append(0x0A)
            rowStarted = false
        }

        /// The block with its end marker.
        consuming func finished() -> [UInt8] {
            bytes.append(contentsOf: "\\.\n".utf8)
            return bytes
        }
    }

    /// psql on `conninfo` reading a script: the one given, or what `produce` writes while psql
    /// runs (a pipe, so the load streams). Its standard output when `output`, else nothing.
    @discardableResult
    static func run(_ psql: String, _ conninfo: String, script: [UInt8] = [], output: Bool, arguments: [String] = [],
                    produce: ((([UInt8]) throws -> Void) throws -> Void)? = nil) throws -> String {
        let stdin = try FD.pipe()
        let stdout = output ? try FD.pipe() : nil
        let environment = ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "PGAPPNAME=huibao ship", "PGCLIENTENCODING=UTF8"]
            + ["HOME", "PGPASSFILE", "PGSERVICEFILE", "PGSYSCONFDIR", "PGSSLMODE"].compactMap { k in getenv(k).map { k + "=" + String(cString: $0) } }
        let pid: pid_t
        do {
            pid = try Spawn.child([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo] + arguments + ["-f", "-"],
                                  environment: environment, stdin: stdin.read, stdout: stdout?.write)
        } catch {
            stdin.read.close(); stdin.write.close(); stdout?.read.close(); stdout?.write.close()
            throw Failure("cannot run \(psql): \(error)")
        }
        stdin.read.close()
        stdout?.write.close()
        var written: (any Error)? = nil
        do {
            if let produce {
                let writer = BlockWriter(stdin.write)
                defer { writer.drain() }
                try produce { try writer.submit($0) }
                try writer.finish()
            } else {
                try stdin.write.writeAll(script)
            }
        } catch { written = error }
        stdin.write.close()
        var text = [UInt8]()
        if let out = stdout?.read {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(out.raw, $0.baseAddress, $0.count) }
                if n > 0 { text += buffer[0..<n] } else if n == 0 || errno != EINTR { break }
            }
        }
        stdout?.read.close()
        let status = Spawn.wait(pid)
        guard status == 0 else { throw Failure("psql failed (exit status \(status)); nothing of this load was committed") }
        if let written { throw Failure("writing to psql: \(written)") }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Hands blocks to a queue that writes them to psql, at most two blocks ahead of it, so that
/// making the next block (reading the store) and PostgreSQL's work on the last one go on at the
/// same time. A failed write is thrown by the next submit or by finish; later blocks are dropped.
final class BlockWriter: Sendable {
    private let fd: FD
    private let queue = DispatchQueue(label: "huibao.ship.writer")
    private let room = DispatchSemaphore(value: 2)
    private let failure = Mutex<SysError?>(nil)

    init(_ fd: FD) { self.fd = fd }

    func submit(_ block: [UInt8]) throws {
        room.wait()
        if let e = failure.withLock({ $0 }) { room.signal(); throw e }
        queue.async { [self] in
            defer { room.signal() }
            guard failure.withLock({ $0 }) == nil else { return }
            do throws(SysError) { try fd.writeAll(block) } catch { failure.withLock { $0 = error } }
        }
    }

    /// Waits for the blocks handed in so far to be written.
    func drain() { queue.sync {} }

    func finish() throws {
        drain()
        if let e = failure.withLock({ $0 }) { throw e }
    }
}
