// Numbers as people read them: a value in a message, a table or a CSV cell is rounded to what
// reports print (-0.68, not -0.6799999999999999); JSON keeps the full number.

/// `d` with at most two decimals (more only for a value below 0.01), trailing zeros dropped.
public func displayNumber(_ d: Double) -> String {
    guard d.isFinite else { return "?" }
    // Beyond 10^12 no report writes decimals (and the integer arithmetic below would overflow).
    guard abs(d) < 1e12 else { return JSONWriter.format(d.rounded()) }
    if d == d.rounded() { return String(Int64(d)) }
    let digits = abs(d) >= 0.01 ? 2 : 4
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (d * scale).rounded() / scale
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    // Written from the rounded integer, so no binary fraction leaks back in.
    let units = Int64((abs(r) * scale).rounded())
    let whole = units / Int64(scale), fraction = units % Int64(scale)
    var frac = String(fraction)
    while frac.count < digits { frac = "0" + frac }
    while frac.hasSuffix("0") { frac.removeLast() }
    return (r < 0 ? "-" : "") + String(whole) + "." + frac
}

/// An amount with its unit as a Chinese report writes it: 亿 and 万 for large amounts of a
/// countable unit (600000000 元 → `6亿元`, 35000 人 → `3.5万人`), rates and ranks as they are.
public func displayAmount(_ d: Double, unit: String) -> String {
    let plain = unit == "%" || unit == "个百分点" || unit == "rank" || unit.isEmpty
    if plain { return displayNumber(d) + (unit == "rank" ? "" : unit == "个百分点" ? " " + unit : unit) }
    if abs(d) >= 1e8 { return displayNumber(d / 1e8) + "亿" + unit }
    if abs(d) >= 1e4 { return displayNumber(d / 1e4) + "万" + unit }
    return displayNumber(d) + unit
}
