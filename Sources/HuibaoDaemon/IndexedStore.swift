import FoundationEssentials
import CLinux
import Dispatch
import Glibc
import HuibaoCore

/// The store as its index has it (see `StoreIndex`), for queries and rules: the report lines
/// read whole, the figure lines mapped (most of the index, read only where asked), and the
/// records the index does not cover yet (the daemon is catching up, or never ran on this store)
/// decoded and indexed in memory, so every record has its lines.
public struct IndexedStore {
    private let directory: String
    private var reports: [UInt8] = []
    /// Each record's report line, in store order (the index of a line is its record's seq).
    private var reportLines: [Range<Int>] = []
    private var positions: [StoreIndex.Position] = []
    /// `figures.index`, mapped; the figure lines of records from `tailStart` on are in `tailFigures`.
    private let figureFile: MappedFile?
    private var tailFigures: [UInt8] = []
    /// Whether each record is the newest of its report (a reprocessed report's new record
    /// supersedes the old).
    public private(set) var isLatest: [Bool] = []

    public var count: Int { positions.count }
    /// The first record the index files did not cover (read from the records instead).
    public private(set) var tailStart = 0

    /// The first `limit` records of the store in `directory`.
    public init(in directory: String, limit: Int = .max) throws(FileError) {
        self.directory = directory
        // The report lines first: the figure lines a report line points at were written before it.
        // Index files of another layout (or none yet) count as none: every record is read from the store.
        let versionPath = directory + "/" + StoreIndex.versionName, figuresPath = directory + "/" + StoreIndex.figuresName
        let current: Bool
        do throws(SysError) { current = try StoreIndex.isCurrent(inDirectory: directory) } catch { throw FileError(versionPath, error) }
        reports = current ? try StoreReader.readIfPresent(directory + "/" + StoreIndex.reportsName) ?? [] : []
        do throws(SysError) { figureFile = current ? try MappedFile(figuresPath) : nil } catch { throw FileError(figuresPath, error) }
        let figuresSize = figureFile?.bytes.count ?? 0
        var start = 0
        for line in reports.lineRanges() {
            guard positions.count < limit, let p = StoreIndex.position(reports[line]), p.seq == positions.count,
                  p.figuresOffset + p.figuresLength <= figuresSize else { break }
            positions.append(p)
            reportLines.append(line)
            start = line.upperBound + 1
        }
        reports.removeSubrange(start...)
        tailStart = positions.count
        try indexTail(limit: limit)
        isLatest = newestOfEachReport()
    }

    /// Whether each record is the newest with its SHA-256. Keyed by the first 16 hex digits
    /// (hashing a 64-bit number, not a string); a collision of those is checked and then the
    /// whole digests decide.
    private func newestOfEachReport() -> [Bool] {
        var newest: [UInt64: Int] = [:]
        newest.reserveCapacity(positions.count)
        for seq in positions.indices {
            let sha = sha256(seq)
            let key = UInt64(sha.prefix(16), radix: 16) ?? 0
            if let other = newest[key], sha256(other) != sha {
                var exact: [Substring: Int] = [:]
                for s in positions.indices { exact[sha256(s)] = s }
                return positions.indices.map { exact[sha256($0)] == $0 }
            }
            newest[key] = seq
        }
        return positions.indices.map { newest[UInt64(sha256($0).prefix(16), radix: 16) ?? 0] == $0 }
    }

    /// Records after the last indexed one, decoded from the store.
    private mutating func indexTail(limit: Int) throws(FileError) {
        let from = positions.last.map { $0.offset + $0.length } ?? 0
        try StoreReader.indexEntries(inDirectory: directory, from: positions.count, offset: from, limit: limit) { first, entries, spans in
            for (i, entry) in entries.enumerated() {
                let (report, figureLines) = StoreIndex.lines(entry, seq: first + i, offset: spans[i].offset,
                                                             length: spans[i].length, figuresOffset: tailFigures.count)
                positions.append(StoreIndex.Position(seq: first + i, offset: spans[i].offset, length: spans[i].length,
                                                     figuresOffset: tailFigures.count, figuresLength: figureLines.count))
                tailFigures += figureLines
                reportLines.append(reports.count..<reports.count + report.count - 1)
                reports += report
            }
        }
    }

    private func sha256(_ seq: Int) -> Substring {
        let line = reports[reportLines[seq]]
        var tabs = 0, i = line.startIndex
        while i < line.endIndex && tabs < 5 { if line[i] == 0x09 { tabs += 1 }; i += 1 }
        return Substring(decoding: line[i..<min(i + 64, line.endIndex)], as: UTF8.self)
    }

    /// Record `seq`'s figure lines.
    private func figureLines(_ seq: Int) -> ArraySlice<UInt8> {
        let p = positions[seq]
        let range = p.figuresOffset..<p.figuresOffset + p.figuresLength
        if seq >= tailStart { return tailFigures[range] }
        guard let file = figureFile else { return [] }
        return Array(UnsafeBufferPointer(rebasing: file.bytes[range]))[...]
    }

    /// Record `seq` as the index has it; without its figures unless asked.
    public func record(_ seq: Int, withFigures: Bool = false) -> Record? {
        StoreIndex.record(report: reports[reportLines[seq]], figures: withFigures ? figureLines(seq) : [])?.1
    }

    /// Records `seqs` as the index has them, each passed through `transform`, in the order of
    /// `seqs`: read side by side, one share per core, for the views that read the whole store
    /// (making the figures' strings is most of their time); in `shares` shares when given.
    public func records(_ seqs: [Int], withFigures: Bool = false, shares: Int? = nil,
                        transform: @Sendable (Record) -> Record = { $0 }) -> [Record?] {
        let cores = shares ?? max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let shares = seqs.count < 64 ? 1 : max(1, cores)
        var out = [Record?](repeating: nil, count: seqs.count)
        out.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots, store = self
            DispatchQueue.concurrentPerform(iterations: shares) { k in
                // Interleaved, not in blocks: records grow with the store's age, and a block of
                // the newest would leave one core the most work.
                for i in stride(from: k, to: seqs.count, by: shares) {
                    slots[i] = store.record(seqs[i], withFigures: withFigures).map(transform)
                }
            }
        }
        return out
    }

    public func figureCount(_ seq: Int) -> Int {
        StoreIndex.figureCount(report: reports[reportLines[seq]]) ?? 0
    }

    /// The newest records whose report line holds `needle` (all of them for nil): a byte
    /// search, so only candidates are parsed.
    public func latestSeqs(containing needle: String?) -> [Int] {
        let n = needle.map { Array($0.utf8) } ?? []
        return positions.indices.filter { isLatest[$0] && (n.isEmpty || reports[reportLines[$0]].firstIndex(of: n) != nil) }
    }

    /// The figures of the newest records whose subject holds `needle`, with their record's seq,
    /// in store order: the figure lines are searched for its bytes and only lines holding them
    /// are parsed.
    /// Without `withContext` the figures' `context` and `rule` are left empty (a table shows neither).
    public func latestFigures(subjectContaining needle: String, withContext: Bool = true) -> [(seq: Int, figure: Figure)] {
        let n = Array(needle.utf8)
        // The mapped lines are cut at line ends into one part per core, searched side by side.
        var parts: [UnsafeBufferPointer<UInt8>] = []
        if let file = figureFile?.bytes, let base = file.baseAddress {
            let cores = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
            var start = 0
            for k in 1...cores {
                var end = k == cores ? file.count : max(start, file.count * k / cores)
                if end < file.count, let nl = memchr(base + end, 0x0A, file.count - end) {
                    end = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base + 1
                }
                parts.append(UnsafeBufferPointer(rebasing: file[start..<end]))
                start = end
            }
        }
        var found = [[(seq: Int, figure: Figure)]](repeating: [], count: parts.count)
        found.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots, store = self, parts = parts
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                store.scan(parts[k], for: n, withContext: withContext, into: &slots[k])
            }
        }
        // The first part is taken as it is, the others appended to it.
        var out: [(seq: Int, figure: Figure)] = []
        if !found.isEmpty { swap(&out, &found[0]) }
        for k in found.indices.dropFirst() { out.append(contentsOf: found[k]) }
        tailFigures.withUnsafeBufferPointer { scan($0, for: n, withContext: withContext, into: &out) }
        return out
    }

    private func scan(_ buf: UnsafeBufferPointer<UInt8>, for needle: [UInt8], withContext: Bool,
                      into out: inout [(seq: Int, figure: Figure)]) {
        guard let base = buf.baseAddress, !needle.isEmpty else { return }
        var from = 0
        while from < buf.count, let at = buf.firstIndex(of: needle, from: from) {
            var start = at
            while start > from && buf[start - 1] != 0x0A { start -= 1 }
            guard let nl = memchr(base + at, 0x0A, buf.count - at) else { break } // a line being written is not a line
            let end = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base
            if let (seq, figure) = StoreIndex.figure(UnsafeBufferPointer(rebasing: buf[start..<end]), subjectHolding: needle, withContext: withContext),
               seq < isLatest.count, isLatest[seq] {
                out.append((seq, figure))
            }
            from = end + 1
        }
    }

    /// The store's lines of the records from `seq` on, read in one piece (each ends in "\n").
    public func lines(from seq: Int) throws(FileError) -> [UInt8] {
        guard seq < positions.count, let last = positions.last else { return [] }
        let path = directory + "/" + Store.recordsName
        do throws(SysError) {
            let fd = try FD.open(path, O_RDONLY)
            defer { fd.close() }
            return try fd.read(at: positions[seq].offset, count: last.offset + last.length - positions[seq].offset)
        } catch { throw FileError(path, error) }
    }

    /// Record `seq`'s whole line from the store.
    public func line(_ seq: Int) throws(FileError) -> [UInt8] {
        let path = directory + "/" + Store.recordsName
        do throws(SysError) {
            let fd = try FD.open(path, O_RDONLY)
            defer { fd.close() }
            return try fd.line(at: positions[seq].offset, length: positions[seq].length)
        } catch { throw FileError(path, error) }
    }
}
