//! Actor codes as gold files write them, and when a coded actor satisfies one.
//!
//! Holds the embedded code lists scoring needs: CAMEO→ISO country aliases (`JAP`→`JPN`…),
//! European country codes (for the group code `EUR`), intergovernmental organisation codes
//! (for `IGO`), CAMEO agent/sector codes, and the rule [`actor_satisfies`]. It does not
//! decide whole-event matches (see `matching`) and is not a gazetteer: nothing here maps
//! names to codes.

use parley_model::Actor;

/// CAMEO (and legacy ISO) country codes that differ from ISO 3166-1 alpha-3, with the ISO code
/// they stand for. None of the keys is itself an ISO alpha-3 code, so the alias can be applied
/// to any code without changing a correct one. `JAP`, `ITL` and `VTN` occur in the PLOVER GSR
/// dev suite; the others are older codes still found in CAMEO-coded gold sets.
pub const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("JAP", "JPN"),
    ("ITL", "ITA"),
    ("VTN", "VNM"),
    ("ROM", "ROU"),
    ("ZAR", "COD"),
    ("TMP", "TLS"),
    ("BUR", "MMR"),
    ("GMY", "DEU"),
    ("UKG", "GBR"),
];

/// Countries that satisfy the gold group code `EUR`: the members of the European Political
/// Community (EU 27, EFTA, the Western Balkans, the UK, Ukraine, Moldova, the Caucasus states
/// and Turkey, the microstates), plus Russia, Belarus and the Holy See. Kosovo is `XKX`.
pub const EUROPEAN_COUNTRIES: &[&str] = &[
    "ALB", "AND", "ARM", "AUT", "AZE", "BEL", "BGR", "BIH", "BLR", "CHE", "CYP", "CZE", "DEU",
    "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GEO", "GRC", "HRV", "HUN", "IRL", "ISL", "ITA",
    "LIE", "LTU", "LUX", "LVA", "MCO", "MDA", "MKD", "MLT", "MNE", "NLD", "NOR", "POL", "PRT",
    "ROU", "RUS", "SMR", "SRB", "SVK", "SVN", "SWE", "TUR", "UKR", "VAT", "XKX",
];

/// Codes of intergovernmental organisations that satisfy the gold group code `IGO` (besides
/// any actor whose sector is `IGO` and any CAMEO-style code starting with `IGO`).
pub const IGO_CODES: &[&str] = &[
    "UNO", "UN", "NATO", "EU", "EEC", "AU", "OAU", "ASEAN", "APEC", "OSCE", "CSCE", "IMF", "WBK",
    "WTO", "OPEC", "ARL", "GCC", "OIC", "CIS", "ECOWAS", "SADC", "OAS", "COE", "SCO", "IAEA",
    "WHO", "ICC", "NAM", "G7", "G20", "IGO",
];

/// CAMEO agent (sector) codes. A gold code that is one of these (a CAMEO actor code with no
/// country, such as `REB` or `GOV`) is satisfied by an actor of that sector.
pub const SECTOR_CODES: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "EDU", "BUS", "CRM",
    "CVL", "HLH", "LAB", "ELI", "REF", "AGR", "ENV", "HRI", "IGO", "NGO", "INS", "UAF", "RAD",
    "SEP", "MOD", "PRO", "REL", "IMG", "ISM",
];

/// Sectors that stand for a non-state armed or radical group. CAMEO's transnational `IMG`
/// (international militarized group, e.g. al-Qaeda) and the GSR's `ISM` (radical Islamist
/// group) are matched by an actor with one of these sectors, or by the literal code.
pub const NON_STATE_ARMED_SECTORS: &[&str] = &["IMG", "ISM", "REB", "INS", "UAF", "RAD", "SEP"];

/// A gold code, upper-cased and with CAMEO country aliases replaced by ISO codes.
pub fn normalize(code: &str) -> String {
    let up = code.trim().to_ascii_uppercase();
    for (from, to) in COUNTRY_ALIASES {
        if up == *from {
            return (*to).to_string();
        }
    }
    up
}

/// Whether `code` (already normalized) is in the European list.
pub fn is_european(code: &str) -> bool {
    EUROPEAN_COUNTRIES.contains(&code)
}

/// Whether `code` (already normalized) names an intergovernmental organisation.
pub fn is_igo_code(code: &str) -> bool {
    IGO_CODES.contains(&code) || code.starts_with("IGO")
}

fn sector_is(actor: &Actor, wanted: &[&str]) -> bool {
    actor
        .sector
        .as_deref()
        .map(|s| wanted.iter().any(|w| s.eq_ignore_ascii_case(w)))
        .unwrap_or(false)
}

/// Whether the coded `actor` satisfies one gold code (as written in the gold file).
///
/// Group codes: `EUR` by any European country (or `EUR`/`EU` itself); `IGO` by an IGO code or
/// sector `IGO`; `NGO` by sector or code `NGO`; `IMG`/`ISM` by the literal code or a
/// non-state armed sector; any other CAMEO sector code by that sector. Everything else must
/// equal the actor's code after both are normalized.
pub fn actor_satisfies(gold_code: &str, actor: &Actor) -> bool {
    let gold = normalize(gold_code);
    let code = actor.code.as_deref().map(normalize);
    let code = code.as_deref();
    match gold.as_str() {
        "EUR" => matches!(code, Some(c) if c == "EUR" || c == "EU" || is_european(c)),
        "IGO" => matches!(code, Some(c) if is_igo_code(c)) || sector_is(actor, &["IGO"]),
        "NGO" => matches!(code, Some(c) if c.starts_with("NGO")) || sector_is(actor, &["NGO"]),
        "IMG" | "ISM" => code == Some(gold.as_str()) || sector_is(actor, NON_STATE_ARMED_SECTORS),
        g if SECTOR_CODES.contains(&g) => code == Some(g) || sector_is(actor, &[g]),
        g => code == Some(g),
    }
}

/// Whether the actors of one side satisfy a gold side: an empty gold list places no
/// condition; otherwise at least one gold code must be satisfied by at least one actor.
pub fn side_satisfied(gold_codes: &[String], actors: &[Actor]) -> bool {
    gold_codes.is_empty()
        || gold_codes
            .iter()
            .any(|g| actors.iter().any(|a| actor_satisfies(g, a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: Option<&str>, sector: Option<&str>) -> Actor {
        Actor {
            name: "x".into(),
            code: code.map(str::to_string),
            sector: sector.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn aliases_are_not_iso_codes_and_normalize() {
        assert_eq!(normalize("jap"), "JPN");
        assert_eq!(normalize("ITL"), "ITA");
        assert_eq!(normalize("RUS"), "RUS");
        // No alias key may shadow a real country code used elsewhere in the tables.
        for (from, _) in COUNTRY_ALIASES {
            assert!(!is_european(from) && !IGO_CODES.contains(from), "{from}");
        }
    }

    #[test]
    fn plain_codes_compare_after_aliasing() {
        assert!(actor_satisfies("JAP", &actor(Some("JPN"), None)));
        assert!(actor_satisfies("RUS", &actor(Some("rus"), None)));
        assert!(!actor_satisfies("RUS", &actor(Some("UKR"), None)));
        assert!(!actor_satisfies("RUS", &actor(None, Some("GOV"))));
    }

    #[test]
    fn group_codes() {
        assert!(actor_satisfies("EUR", &actor(Some("FRA"), None)));
        assert!(actor_satisfies("EUR", &actor(Some("EUR"), None)));
        assert!(!actor_satisfies("EUR", &actor(Some("USA"), None)));
        assert!(actor_satisfies("IGO", &actor(Some("UNO"), None)));
        assert!(actor_satisfies("IGO", &actor(Some("IGOUNO"), None)));
        assert!(actor_satisfies("IGO", &actor(None, Some("IGO"))));
        assert!(!actor_satisfies("IGO", &actor(Some("USA"), Some("GOV"))));
        assert!(actor_satisfies("NGO", &actor(None, Some("NGO"))));
        assert!(!actor_satisfies("NGO", &actor(Some("UNO"), Some("IGO"))));
        assert!(actor_satisfies("IMG", &actor(None, Some("REB"))));
        assert!(actor_satisfies("ISM", &actor(Some("ISM"), None)));
        assert!(!actor_satisfies("IMG", &actor(Some("USA"), Some("GOV"))));
        assert!(actor_satisfies("MIL", &actor(Some("USA"), Some("MIL"))));
    }

    #[test]
    fn empty_side_places_no_condition() {
        assert!(side_satisfied(&[], &[]));
        assert!(!side_satisfied(&["RUS".to_string()], &[]));
    }
}
