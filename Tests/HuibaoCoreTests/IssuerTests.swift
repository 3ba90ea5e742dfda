import Testing
@testable import HuibaoCore

/// The one value that says who issued a report: its history key, how it is shown and searched.
@Suite struct IssuerTests {
    @Test func theKeyIsTheIssuersOwnPlaceElseItsNameElseTheReport() {
        let named = Issuer(organization: "马峦街道办事处", place: Place(district: "坪山区", subdistrict: "马峦街道"), level: .subdistrict, report: "ab")
        #expect(named.key == "马峦街道")
        // The same place's party committee, another year, with fewer places named: one issuer.
        let party = Issuer(organization: "马峦街道党工委", place: Place(subdistrict: "马峦街道"), level: .subdistrict, report: "ef")
        #expect(party.key == named.key)
        let county = Issuer(organization: "昌硕街道办事处", place: Place(district: "安吉县", subdistrict: "昌硕街道"), level: .subdistrict, report: "a1")
        #expect(county.key == Issuer(organization: "昌硕街道", place: Place(subdistrict: "昌硕街道"), level: .subdistrict, report: "b2").key)
        let placed = Issuer(place: Place(city: "苏州市", district: "姑苏区"), level: .district, report: "cd")
        #expect(placed.key == "姑苏区")
        // A department reports on its own work: it keeps its name beside the place.
        let bureau = Issuer(organization: "坪山区统计局", place: Place(district: "坪山区"), level: .district, report: "c3")
        #expect(bureau.key == "坪山区/统计局")
        #expect(Issuer(organization: "乌镇镇人民政府", level: .town, report: "d4").key == "乌镇镇", "no place read: the name less its body")
        // Two anonymised reports never share a history.
        let a = Issuer(level: .town, report: "0123456789abcdef")
        let b = Issuer(level: .town, report: "fedcba9876543210")
        #expect(a.key != b.key)
    }

    @Test func aVerbBeforeAPartyCommitteeIsNoPlace() throws {
        // 全面落实省委…: 面落实省 is no province (they are a closed list); 紧紧围绕市委: no city.
        let text = "2024年工作总结\n一年来，我们全面落实省委决策部署，紧紧围绕市委中心工作，亭旁镇实现规上工业总产值4.67亿元。\n"
        let record = try ReportParser.parse(bytes: Array(text.utf8), fileName: "t.txt", catalogue: .empty)
        #expect(record.place.province == nil && record.place.city == nil, "\(record.place)")
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
        let record = try ReportParser.parse(bytes: Array("龙游县湖镇镇人民政府2023年工作总结\n一、主要工作\n全年完成投资3亿元。\n".utf8), fileName: "a.txt", catalogue: ShippedCatalogue.catalogue)
        let issuer = Issuer(record)
        #expect(issuer.organization == "湖镇镇人民政府")
        #expect(issuer.places == ["龙游县", "湖镇镇"])
        #expect(ReportFacts(record: record, seq: 0).issuer == issuer.key)
    }
}
