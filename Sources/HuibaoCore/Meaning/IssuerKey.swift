// One key per issuing place, so that years compare: 马峦街道办事处 one year and 马峦街道党工委 the
// next, or 昌硕街道 and 安吉县昌硕街道办事处, are one issuer. An issuer that does not name its own
// place (某街道, XX镇) keeps its report's identity and is never merged with another.

extension Issuer {
    /// The bodies that speak for a place itself (its administration, its party committee).
    private static let placeBodies: Set<String> = ["", "办事处", "街道办事处", "党工委", "人民政府", "政府", "党委", "工作委员会", "委员会", "管委会"]

    private static let bodiesLongestFirst = placeBodies.filter { !$0.isEmpty }.sorted { $0.count > $1.count }

    /// The place at the issuer's own level, as written (马峦街道, 乌镇镇, 坪山区).
    var ownPlace: String? {
        switch level {
        case .subdistrict, .town, .township: place.subdistrict
        case .district, .county: place.district
        case .city: place.city
        case .province: place.province
        case .unknown: places.last
        }
    }

    /// The issuer's key: its own place; a department adds its name (坪山区/统计局), since a
    /// bureau's report measures its own work, not the place's.
    public var key: String {
        guard let own = ownPlace else {
            if let organization { return Issuer.strippingBody(organization) }
            return "(unnamed \(report.prefix(12)))"
        }
        guard let organization else { return own }
        // The body is what follows the place in the name (安吉县昌硕街道办事处 → 办事处).
        let name = Array(organization.unicodeScalars), place = Array(own.unicodeScalars)
        var body = organization
        if let at = Scalars.find(place, in: name, 0..<name.count) {
            body = Scalars.string(name[(at + place.count)...])
        }
        return Issuer.placeBodies.contains(body) ? own : own + "/" + body
    }

    private static func strippingBody(_ organization: String) -> String {
        for body in bodiesLongestFirst where organization.hasSuffix(body) {
            let rest = String(organization.dropLast(body.count))
            if !rest.isEmpty { return rest }
        }
        return organization
    }
}
