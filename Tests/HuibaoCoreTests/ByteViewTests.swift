import Testing
@testable import HuibaoCore

struct ByteViewTests {
    @Test func patternsStayInsideTheView() {
        Array("<HTML>a-->".utf8).withByteView { v in
            #expect(v.hasIgnoringCase("<html", at: 0))
            #expect(!v.has("<html", at: 0))
            #expect(v.has("-->", at: 7))
            #expect(!v.has("-->", at: 8))
            #expect(!v.has("<", at: -1))
            #expect(v.firstIndex(of: UInt8(ascii: "-"), in: 0..<v.count) == 7)
            #expect(v.firstIndex(of: UInt8(ascii: "-"), in: 0..<7) == nil)
            let tail = v[rebasing: 6..<10]
            #expect(tail.count == 4 && tail[0] == UInt8(ascii: "a") && tail.has("-->", at: 1))
        }
    }

    @Test func scalarsCutShortAreNotRead() {
        Array("政a".utf8).withByteView { v in
            #expect(v.scalarValue(at: 0)! == (0x653F, 3))
            #expect(v.scalarValue(at: 3)! == (0x61, 1))
            #expect(v.scalarValue(at: 4) == nil)
            #expect(v.prefix(2).scalarValue(at: 0) == nil)
        }
    }
}
