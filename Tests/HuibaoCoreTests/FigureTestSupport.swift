@testable import HuibaoCore

// Shared by the figure suites: what the scanner finds in a sentence written for a test.

func figures(_ text: String) -> [Figure] { FigureScanner.scan(text).figures }

/// The figure whose text is `figureText`, if the scanner found it.
func figure(_ text: String, _ figureText: String) -> Figure? {
    figures(text).first { $0.text == figureText }
}
