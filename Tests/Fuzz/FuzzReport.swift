// libFuzzer entry point over decode + parse + the record's JSON, compiled together with
// Sources/HuibaoCore by `make fuzz` (not a package target: the normal build needs no libFuzzer).
// A crash, a sanitizer report, a hang past -timeout or a record whose JSON holds inf/nan is a
// finding; every one found goes into a regression test in Tests/HuibaoCoreTests.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // The name chooses the HTML path as well as the text one.
    for name in ["fuzz.txt", "fuzz.html"] {
        guard let record = try? ReportParser.parse(bytes: bytes, fileName: name, catalogue: .empty) else { continue }
        let line = record.jsonLine()
        // A number JSON cannot hold would make the store unreadable.
        for bad in ["inf", "nan", "Infinity", "NaN"] where line.contains(":" + bad) || line.contains(":-" + bad) {
            fatalError("record JSON holds \(bad)")
        }
        precondition(!line.contains("\n"), "record JSON spans lines")
    }
    return 0
}
