import Foundation

/// Readable, unique config keys for a Business Center's assets, derived from their names
/// (`Northwind US` → `northwind-us`); the same assets give the same keys in any order.
///
/// Assets whose names give the same key are told apart by the end of their id
/// (`summit-ads-0101`, `summit-ads-0102`); an asset without a name is named after its type and id.
enum AssetKeys {
    static let maxBaseLength = 48

    static func keys(for assets: [AssetRecord]) -> [AssetRef: String] {
        let sorted = assets.sorted { $0.ref < $1.ref }
        var bases: [AssetRef: String] = [:]
        var counts: [String: Int] = [:]
        for asset in sorted {
            let base = base(for: asset)
            bases[asset.ref] = base
            counts[base, default: 0] += 1
        }
        var keys: [AssetRef: String] = [:]
        var used = Set(counts.filter { $0.value == 1 }.map(\.key))
        for asset in sorted {
            let base = bases[asset.ref]!
            guard counts[base]! > 1 else {
                keys[asset.ref] = base
                continue
            }
            var candidate = base + "-" + suffix(of: asset.id)
            var number = 2
            while used.contains(candidate) {
                candidate = base + "-" + suffix(of: asset.id) + "-\(number)"
                number += 1
            }
            used.insert(candidate)
            keys[asset.ref] = candidate
        }
        return keys
    }

    /// The slug of the name, or `<type>-<id end>` when the name gives none. A slug that YAML would
    /// read as a number, a boolean or null (`123`, `true`, `null`) gets the type in front.
    static func base(for asset: AssetRecord) -> String {
        let type = asset.type.rawValue.replacingOccurrences(of: "_", with: "-")
        let slug = slug(asset.name ?? "")
        if slug.isEmpty { return type + "-" + suffix(of: asset.id) }
        return YAMLScalar.text(slug) == slug ? slug : type + "-" + slug
    }

    /// Lower-case ASCII letters and digits joined by single hyphens, accents dropped.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var out = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingHyphen, !out.isEmpty { out += "-" }
                pendingHyphen = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        if out.count > maxBaseLength {
            out = String(out.prefix(maxBaseLength))
            while out.hasSuffix("-") { out.removeLast() }
        }
        return out
    }

    /// The last four characters of an id, lower case: enough to tell a few namesakes apart.
    static func suffix(of id: String) -> String {
        String(id.suffix(4)).lowercased()
    }
}
