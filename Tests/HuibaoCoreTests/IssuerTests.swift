import Testing
@testable import HuibaoCore

/// The one value that says who issued a report: its history key, how it is shown and searched.
@Suite struct IssuerTests {
    @Test func theHistoryKeyIsTheNameElseThePlacesElseTheReport() {
        let named = Issuer(organization: "马峦街道办事处", place: Place(district: "坪山区", subdistrict: "马峦街道"), level: .subdistrict, report: "ab")
        #expect(named.historyKey == "马峦街道办事处")
        let placed = Issuer(place: Place(city: "苏州市", district: "姑苏区"), level: .district, report: "cd")
        #expect(placed.historyKey == "苏州市姑苏区")
        // Two anonymised reports never share a history.
        let a = Issuer(level: .town, report: "0123456789abcdef")
        let b = Issuer(level: .town, report: "fedcba9876543210")
        #expect(a.historyKey != b.historyKey)
    }

    @Test func shownAndSearchedByNameOrPlace() {
        let issuer = Issuer(organization: "湖镇镇人民政府", place: Place(district: "龙游县", subdistrict: "湖镇镇"), level: .town)
        #expect(issuer.displayName == "湖镇镇人民政府")
        #expect(issuer.isNamed(by: "龙游"))
        #expect(issuer.isNamed(by: "湖镇"))
        #expect(!issuer.isNamed(by: "马峦"))
        #expect(Issuer(place: Place(district: "龙游县")).displayName == "龙游县")
        #expect(Issuer().displayName == "(not named)")
    }

    @Test func theParserAndTheRulesSeeTheSameIssuer() throws {
        let record = try ReportParser.parse(bytes: Array("龙游县湖镇镇人民政府2023年工作总结\n一、主要工作\n全年完成投资3亿元。\n".utf8), fileName: "a.txt")
        let issuer = Issuer(record)
        #expect(issuer.organization == "湖镇镇人民政府")
        #expect(issuer.places == ["龙游县", "湖镇镇"])
        #expect(ReportFacts(record: record, seq: 0).issuer == issuer.historyKey)
    }
}
