import Foundation
import Testing
@testable import HuibaoCore

struct RecordJSONTests {
    /// `jsonBytes()` takes the bytes written out of the writer's larger buffer: they must end
    /// exactly at the closing brace and read back as the record.
    @Test func jsonBytesReadBackAsTheRecord() throws {
        let text = "某某街道2023年工作总结\n一、主要成绩\n签约面积约5.77万平方米，“网格\\员”\t配备132名，同比增长5.7%。\n"
        let record = try ReportParser.parse(bytes: Array(text.utf8), fileName: "a \"quoted\" name.txt", catalogue: ShippedCatalogue.catalogue)
        #expect(record.figures.count == 3)
        let bytes = record.jsonBytes()
        #expect(bytes.first == UInt8(ascii: "{"))
        #expect(bytes.last == UInt8(ascii: "}"))
        #expect(!bytes.contains(0) && !bytes.contains(0x0A))
        #expect(try JSONDecoder().decode(Record.self, from: Data(bytes)) == record)
        #expect(Array(record.jsonLine().utf8) == bytes)
    }
}
