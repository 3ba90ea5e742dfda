// STUB (to be replaced by the figures work).

public struct FigureScan: Sendable, Equatable {
    public var indicators: [Indicator] = []
    public var zeroEvents: [ZeroEvent] = []
    public init(indicators: [Indicator] = [], zeroEvents: [ZeroEvent] = []) {
        self.indicators = indicators
        self.zeroEvents = zeroEvents
    }
}

public enum FigureScanner {
    public static func scan(_ text: String) -> FigureScan { FigureScan() }
}
