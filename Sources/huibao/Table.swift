import Glibc
import HuibaoDaemon

/// Terminal columns a string takes: East Asian wide characters take two.
func displayWidth(_ s: String) -> Int {
    displayWidth(Array(s.utf8)[...])
}

/// Terminal columns of UTF-8 text, read from the bytes (a query's table can have millions of cells).
func displayWidth(_ bytes: ArraySlice<UInt8>) -> Int {
    var width = 0, i = bytes.startIndex
    while i < bytes.endIndex {
        let b = bytes[i]
        if b < 0x80 { width += b < 0x20 ? 0 : 1; i += 1; continue }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        var v = UInt32(b) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for k in 1..<length where i + k < bytes.endIndex { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        i += length
        if (0x300...0x36F).contains(v) || v == 0x200B { continue }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        width += wide ? 2 : 1
    }
    return width
}

/// Pads to a width in terminal columns.
func padded(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(1, width - displayWidth(s)))
}

/// Writes bytes to standard output after what `print` buffered (fflush(nil) flushes it).
func writeStdout(_ bytes: [UInt8]) {
    fflush(nil)
    try? FD(1).writeAll(bytes)
}

/// Rows printed as an aligned table. The cells are kept as UTF-8 in one buffer and each is
/// measured once, as it is added (a query may print hundreds of thousands of rows).
struct Table {
    private var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`, and its width, row after row.
    private var cells: [(end: Int, width: Int)] = []
    private var widths: [Int]
    private let columns: Int

    init(headers: [String]) {
        columns = headers.count
        widths = Array(repeating: 0, count: headers.count)
        add(headers)
    }

    var isEmpty: Bool { cells.count <= columns }

    mutating func add(_ row: [String]) {
        for i in 0..<columns {
            let start = bytes.count
            if i < row.count {
                var cell = row[i]
                cell.withUTF8 { bytes.append(contentsOf: $0) }
            }
            let width = displayWidth(bytes[start...])
            cells.append((bytes.count, width))
            widths[i] = max(widths[i], width)
        }
    }

    /// Writes the table to standard output, a megabyte at a time.
    func print() {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 4096)
        var start = 0
        for (k, cell) in cells.enumerated() {
            let column = k % columns
            out += bytes[start..<cell.end]
            start = cell.end
            if column == columns - 1 {
                out.append(0x0A)
                if out.count >= 1 << 20 {
                    writeStdout(out)
                    out.removeAll(keepingCapacity: true)
                }
            } else {
                out += repeatElement(0x20, count: widths[column] - cell.width + 2)
            }
        }
        writeStdout(out)
    }
}
