import Foundation
@testable import HuibaoCore

/// The catalogue the program ships (Config/indicators.conf), as the daemon reads it.
enum ShippedCatalogue {
    static let path = GoldScoreTests.root.appendingPathComponent("Config/indicators.conf").path

    static let catalogue: IndicatorCatalogue = {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        switch IndicatorCatalogue.parse(files: [(path, text)]) {
        case .success(let c): return c
        case .failure(let e): fatalError("\(e)")
        }
    }()
}

extension Record {
    /// The record as `score.py` reads it: the figures under the gold's key, `quantities`.
    func lineForScorer() throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(jsonLine().utf8)) as! [String: Any]
        object["quantities"] = object.removeValue(forKey: "figures")
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
