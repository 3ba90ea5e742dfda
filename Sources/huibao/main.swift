import Foundation
import HuibaoCore
import HuibaoDaemon

// The command line for people. Exit codes: 0 found/ok, 1 nothing matched or invalid, 2 usage or I/O error.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "parse" else {
    FileHandle.standardError.write("usage: huibao parse [--json] FILE...\n".data(using: .utf8)!)
    exit(2)
}
var json = false
var failed = false
for arg in arguments.dropFirst() {
    if arg == "--json" { json = true; continue }
    guard let data = FileManager.default.contents(atPath: arg) else {
        FileHandle.standardError.write("huibao: \(arg): cannot read\n".data(using: .utf8)!)
        failed = true
        continue
    }
    do {
        let record = try ReportParser.parse(bytes: [UInt8](data), fileName: (arg as NSString).lastPathComponent)
        print(record.jsonLine())
    } catch {
        FileHandle.standardError.write("huibao: \(arg): \(error)\n".data(using: .utf8)!)
        failed = true
    }
}
exit(failed ? 2 : 0)
