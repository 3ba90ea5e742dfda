// huibao-bench: in-memory parse throughput. Loads every file named on the command line (or
// every regular file in the folders named) into memory first, then times
// ReportParser.parse(bytes:fileName:) + record.jsonBytes() (what the store appends) over all of them, with one thread and
// with N threads (Dispatch concurrentPerform), and prints one JSON object.
//
//   huibao-bench [--runs K] [--threads N] [--single-only] [--indicators FILE] PATH...
//
// With --indicators the figures are matched to that catalogue's indicators, as the daemon does.
//
// Used by bench/bench.py (make bench); not a test, asserts nothing.

import Dispatch
import Foundation
import HuibaoCore

struct Input: Sendable { let name: String; let bytes: [UInt8] }

/// One result slot per thread; each thread writes only its own slot.
final class Slots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<(Int, Int, Int)>
    init(_ n: Int) {
        buffer = .allocate(capacity: n)
        buffer.initialize(repeating: (0, 0, 0))
    }
    deinit { buffer.deallocate() }
}

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: huibao-bench [--runs K] [--threads N] [--single-only] [--indicators FILE] PATH...\n".utf8))
    exit(2)
}

var runs = 3
var threads = ProcessInfo.processInfo.activeProcessorCount
var singleOnly = false
var paths: [String] = []
var chosenCatalogue = IndicatorCatalogue.empty
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--runs": guard let v = args.popFirst().flatMap(Int.init), v > 0 else { usage() }; runs = v
    case "--threads": guard let v = args.popFirst().flatMap(Int.init), v > 0 else { usage() }; threads = v
    case "--single-only": singleOnly = true
    case "--indicators":
        guard let f = args.popFirst(), let d = FileManager.default.contents(atPath: f) else { usage() }
        switch IndicatorCatalogue.parse(files: [(f, String(decoding: d, as: UTF8.self))]) {
        case .success(let c): chosenCatalogue = c
        case .failure(let e): FileHandle.standardError.write(Data("huibao-bench: \(e)\n".utf8)); exit(2)
        }
    case "-h", "--help": usage()
    default: paths.append(a)
    }
}
if paths.isEmpty { usage() }
let catalogue = chosenCatalogue

// Load everything first: the timing covers decode + parse + classify + serialise only.
var loaded: [Input] = []
let fm = FileManager.default
for p in paths {
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: p, isDirectory: &isDir) else { continue }
    let files = isDir.boolValue ? ((try? fm.contentsOfDirectory(atPath: p)) ?? []).sorted().map { p + "/" + $0 } : [p]
    for f in files {
        guard let d = fm.contents(atPath: f) else { continue }
        loaded.append(Input(name: (f as NSString).lastPathComponent, bytes: [UInt8](d)))
    }
}
let inputs = loaded
if inputs.isEmpty { FileHandle.standardError.write(Data("huibao-bench: no input files\n".utf8)); exit(2) }
let totalBytes = inputs.reduce(0) { $0 + $1.bytes.count }

/// Parses inputs[i] for i in `indices`; returns (JSON bytes written, figures, failures) so the
/// work cannot be optimised away.
@inline(never)
func work(_ inputs: [Input], _ indices: StrideTo<Int>, _ catalogue: IndicatorCatalogue) -> (Int, Int, Int) {
    var out = 0, figures = 0, failures = 0
    for i in indices {
        do {
            let record = try ReportParser.parse(bytes: inputs[i].bytes, fileName: inputs[i].name, catalogue: catalogue)
            out += record.jsonBytes().count
            figures += record.figures.count
        } catch {
            failures += 1
        }
    }
    return (out, figures, failures)
}

let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

var single: [Double] = []
var multi: [Double] = []
var outBytes = 0, figures = 0, failures = 0

// A warm-up pass over a few files (first-touch of lazily built tables), not timed.
_ = work(inputs, stride(from: 0, to: min(inputs.count, 8), by: 1), catalogue)

for _ in 0..<runs {
    let t0 = clock.now
    let r = work(inputs, stride(from: 0, to: inputs.count, by: 1), catalogue)
    single.append(seconds(clock.now - t0))
    (outBytes, figures, failures) = r
}

if !singleOnly {
    let n = threads
    let results = Slots(n)
    for _ in 0..<runs {
        let t0 = clock.now
        // Interleaved partition: report i goes to thread i % n (sizes are mixed, so this balances).
        DispatchQueue.concurrentPerform(iterations: n) { t in
            results.buffer[t] = work(inputs, stride(from: t, to: inputs.count, by: n), catalogue)
        }
        multi.append(seconds(clock.now - t0))
        let sum = results.buffer.reduce(0) { $0 + $1.1 }
        if sum != figures { FileHandle.standardError.write(Data("huibao-bench: threads found \(sum) figures, one thread \(figures)\n".utf8)) }
    }
}

func mbps(_ s: [Double]) -> [Double] { s.map { Double(totalBytes) / 1e6 / $0 } }
func list(_ xs: [Double]) -> String { "[" + xs.map { String(format: "%.4f", $0) }.joined(separator: ",") + "]" }

print("""
{"files":\(inputs.count),"bytes":\(totalBytes),"json_bytes":\(outBytes),"figures":\(figures),"failures":\(failures),\
"threads":\(threads),"runs":\(runs),\
"single_seconds":\(list(single)),"single_mb_per_s":\(list(mbps(single))),\
"multi_seconds":\(list(multi)),"multi_mb_per_s":\(list(mbps(multi)))}
""")
