// STUB (to be replaced by the Text work): UTF-8 only, no HTML, no normalisation.

public struct DecodedText: Sendable, Equatable {
    /// The normalised plain text the parser reads.
    public var text: String
    /// The encoding found: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030".
    public var encoding: String
    /// "text" or "html".
    public var format: String

    public init(text: String, encoding: String, format: String) {
        self.text = text
        self.encoding = encoding
        self.format = format
    }
}

public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

public enum ReportText {
    public static func decode(bytes: [UInt8], fileName: String) throws(DecodeError) -> DecodedText {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw DecodeError("not valid UTF-8")
        }
        return DecodedText(text: s, encoding: "utf-8", format: "text")
    }
}
