import Foundation
import Testing
@testable import HuibaoCore

/// Numbers no report should hold but a hostile file can: every figure stays finite and the
/// record stays valid JSON (a NaN or an infinity would make the store unreadable).
@Suite struct HostileNumbersTests {
    static let head = "某某街道2023年工作总结\n一、工作情况\n"

    @Test(arguments: [
        "全年新增企业" + String(repeating: "9", count: 10_000) + "家。",
        "投资" + String(repeating: "1", count: 400) + ".5亿元。",
        "投资1" + String(repeating: "0", count: 320) + "亿元，增长" + String(repeating: "9", count: 309) + ".9%。",
        "固定资产投资亿亿亿亿元，完成5亿亿亿亿亿亿亿亿元，增长亿亿%。",
        String(repeating: "九", count: 400) + "万元，" + String(repeating: "九千九百", count: 200) + "亿亿元。",
        "减少1e999家，增长0." + String(repeating: "0", count: 400) + "1%，排名第" + String(repeating: "9", count: 40) + "名。",
        "投资1.7976931348623157e308亿元至" + String(repeating: "9", count: 320) + "万元。",
    ])
    func figuresStayFiniteAndTheRecordStaysJSON(_ body: String) throws {
        let record = try ReportParser.parse(bytes: Array((HostileNumbersTests.head + body + "\n").utf8), fileName: "n.txt", catalogue: ShippedCatalogue.catalogue)
        for figure in record.figures {
            for value in [figure.value, figure.min, figure.max].compactMap({ $0 }) {
                #expect(value.isFinite, "\(figure.text): \(value)")
            }
        }
        let line = record.jsonLine()
        #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    }
}
