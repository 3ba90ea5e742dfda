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
