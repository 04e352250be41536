//! Gazetteers: countries and groups, organizations, people, places and role nouns, loaded
//! from their data files and compiled into one name matcher per language.
//!
//! Facts (codes, coordinates, offices) come from `common/`; the words that name them come
//! from each language folder. This module does not decide which reading of an ambiguous
//! name is meant; the coder does, from context.

use crate::tsv::{self, split_list};
use crate::{LangLexicon, LoadError};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub iso2: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub code: String,
    pub sector: String,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub code: String,
    pub sector: String,
    pub role: String,
    /// First day of the office, when known.
    pub from: Option<NaiveDate>,
    /// Last day of the office; `None`: still in office.
    pub to: Option<NaiveDate>,
    pub wikidata: Option<String>,
    /// Other full spellings, and forms that may name the person alone.
    pub variants: Vec<String>,
    pub short: Vec<String>,
}

impl Person {
    /// Whether the office was held on `day` (unknown bounds are open).
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

#[derive(Debug, Clone)]
pub struct PlaceEntry {
    pub id: String,
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub feature: String,
    pub geonameid: Option<i64>,
    /// Every name of the place, the first being `name`.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    Person,
    Group,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    pub role: String,
    pub sector: String,
    pub kind: RoleKind,
}

/// How a country or group is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Name,
    Adjective,
    Capital,
    Demonym,
    Prefix,
}

/// What a matched name refers to (indexes into [`crate::Common`] or the language's roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Country { idx: usize, kind: NameKind },
    Group { idx: usize, kind: NameKind },
    Org(usize),
    Person { idx: usize, short: bool },
    Place(usize),
    Role(usize),
}

const SECTORS: [&str; 27] = [
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "SPY", "MED", "CVL", "REF", "HLH",
    "EDU", "BUS", "LAB", "REL", "NGO", "IGO", "ELI", "CRM", "UAF", "INS", "SEP", "AGR", "ENV",
    "HRI",
];

fn check_sector(row: &tsv::Row, s: &str) -> Result<(), LoadError> {
    if SECTORS.contains(&s) {
        Ok(())
    } else {
        Err(row.err(format!(
            "unknown sector '{s}' (known: {})",
            SECTORS.join(", ")
        )))
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end` picks the last day of a partial date.
pub fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => Some(if end {
            NaiveDate::from_ymd_opt(y, 12, 31)?
        } else {
            NaiveDate::from_ymd_opt(y, 1, 1)?
        }),
        2 => {
            let m: u32 = parts[1].parse().ok()?;
            if end {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
            } else {
                NaiveDate::from_ymd_opt(y, m, 1)
            }
        }
        3 => NaiveDate::from_ymd_opt(y, parts[1].parse().ok()?, parts[2].parse().ok()?),
        _ => None,
    }
}

pub(crate) fn load_common(
    c: &mut crate::Common,
    read: &dyn Fn(&str) -> Result<String, LoadError>,
    extra_actors: &[(String, String)],
) -> Result<(), LoadError> {
    let file = "common/countries.tsv";
    let text = read(file)?;
    for r in tsv::parse(
        file,
        &text,
        &["code", "iso2", "name", "lat", "lon", "groups"],
    )? {
        let code = r.req(0, "code")?;
        if code.len() != 3 || !code.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(r.err(format!("code '{code}' is not three upper-case letters")));
        }
        let lat = r.f64(3, "lat")?.ok_or_else(|| r.err("lat is empty"))?;
        let lon = r.f64(4, "lon")?.ok_or_else(|| r.err("lon is empty"))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(r.err("lat/lon out of range"));
        }
        c.countries.push(Country {
            code: code.into(),
            iso2: r.get(1).into(),
            name: r.req(2, "name")?.into(),
            lat,
            lon,
            groups: r.list(5).into_iter().map(String::from).collect(),
        });
    }
    let file = "common/groups.tsv";
    let text = read(file)?;
    for r in tsv::parse(file, &text, &["code", "name", "members"])? {
        let members: Vec<String> = r.list(2).into_iter().map(String::from).collect();
        for m in &members {
            if !c.countries.iter().any(|k| &k.code == m) {
                return Err(r.err(format!("member '{m}' is not in common/countries.tsv")));
            }
        }
        c.groups.push(Group {
            code: r.req(0, "code")?.into(),
            name: r.req(1, "name")?.into(),
            members,
        });
    }
    let file = "common/organizations.tsv";
    let text = read(file)?;
    for r in tsv::parse(
        file,
        &text,
        &["id", "code", "sector", "kind", "name", "country"],
    )? {
        let sector = r.req(2, "sector")?;
        check_sector(&r, sector)?;
        let id = r.req(0, "id")?;
        if c.orgs.iter().any(|o| o.id == id) {
            return Err(r.err(format!("duplicate id '{id}'")));
        }
        c.orgs.push(Org {
            id: id.into(),
            code: r.req(1, "code")?.into(),
            sector: sector.into(),
            kind: r.get(3).into(),
            name: r.req(4, "name")?.into(),
            country: Some(r.get(5)).filter(|s| !s.is_empty()).map(String::from),
        });
    }
    let mut sources: Vec<(String, String)> =
        vec![("common/people.tsv".to_string(), read("common/people.tsv")?)];
    sources.extend(extra_actors.iter().cloned());
    for (file, text) in &sources {
        for r in tsv::parse(
            file,
            text,
            &[
                "id", "name", "variants", "short", "code", "sector", "role", "from", "to",
                "wikidata",
            ],
        )? {
            let sector = r.req(5, "sector")?;
            check_sector(&r, sector)?;
            let from = match r.get(7) {
                "" => None,
                s => Some(
                    parse_date(s, false).ok_or_else(|| r.err(format!("from: bad date '{s}'")))?,
                ),
            };
            let to = match r.get(8) {
                "" => None,
                s => Some(parse_date(s, true).ok_or_else(|| r.err(format!("to: bad date '{s}'")))?),
            };
            c.people.push(Person {
                id: r.req(0, "id")?.into(),
                name: r.req(1, "name")?.into(),
                code: r.req(4, "code")?.into(),
                sector: sector.into(),
                role: r.get(6).into(),
                from,
                to,
                wikidata: Some(r.get(9)).filter(|s| !s.is_empty()).map(String::from),
                variants: r.list(2).into_iter().map(String::from).collect(),
                short: r.list(3).into_iter().map(String::from).collect(),
            });
            // Fuzzy index over short forms (misspelled surnames: "Zelenski", "Erdogn").
            let idx = c.people.len() - 1;
            for s in r.list(3) {
                let lower = s.to_lowercase();
                if lower.chars().count() >= 5 {
                    each_deletion(&lower, |d| {
                        let v = c.fuzzy_people.entry(d.into()).or_default();
                        if !v.contains(&idx) {
                            v.push(idx);
                        }
                    });
                }
            }
        }
    }
    let file = "common/places.tsv";
    let text = read(file)?;
    for r in tsv::parse(
        file,
        &text,
        &[
            "id",
            "names",
            "country",
            "lat",
            "lon",
            "feature",
            "geonameid",
        ],
    )? {
        let names = r.list(1);
        let Some(first) = names.first() else {
            return Err(r.err("names is empty"));
        };
        let feature = r.req(5, "feature")?;
        if !["city", "region", "site", "country"].contains(&feature) {
            return Err(r.err(format!(
                "feature '{feature}' is not city, region, site or country"
            )));
        }
        let geonameid = match r.get(6) {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| r.err(format!("geonameid '{s}' is not a number")))?,
            ),
        };
        c.places.push(PlaceEntry {
            id: r.req(0, "id")?.into(),
            name: first.to_string(),
            country: r.req(2, "country")?.into(),
            lat: r.f64(3, "lat")?.ok_or_else(|| r.err("lat is empty"))?,
            lon: r.f64(4, "lon")?.ok_or_else(|| r.err("lon is empty"))?,
            feature: feature.into(),
            geonameid,
            names: names.iter().map(|n| n.to_string()).collect(),
        });
    }
    Ok(())
}

/// The word itself and every form with one character deleted.
/// Calls `f` with `w` and with every string made by deleting one character of `w`
/// (symmetric-deletion fuzzy matching), reusing one buffer.
pub fn each_deletion(w: &str, mut f: impl FnMut(&str)) {
    f(w);
    let mut buf = String::with_capacity(w.len());
    for (i, c) in w.char_indices() {
        buf.clear();
        buf.push_str(&w[..i]);
        buf.push_str(&w[i + c.len_utf8()..]);
        f(&buf);
    }
}

pub(crate) fn load_names(
    lex: &mut LangLexicon,
    common: &crate::Common,
    cfile: &str,
    ctext: &str,
    ofile: &str,
    otext: &str,
) -> Result<(), LoadError> {
    for r in tsv::parse(
        cfile,
        ctext,
        &[
            "code",
            "names",
            "adjectives",
            "capitals",
            "demonyms",
            "prefixes",
        ],
    )? {
        let code = r.req(0, "code")?;
        let target = if let Some(i) = common.countries.iter().position(|c| c.code == code) {
            (Some(i), None)
        } else if let Some(i) = common.groups.iter().position(|g| g.code == code) {
            (None, Some(i))
        } else {
            return Err(r.err(format!(
                "code '{code}' is in neither common/countries.tsv nor common/groups.tsv"
            )));
        };
        for (col, kind) in [
            (1, NameKind::Name),
            (2, NameKind::Adjective),
            (3, NameKind::Capital),
            (4, NameKind::Demonym),
            (5, NameKind::Prefix),
        ] {
            for form in r.list(col) {
                let name = match target {
                    (Some(idx), _) => Name::Country { idx, kind },
                    (_, Some(idx)) => Name::Group { idx, kind },
                    _ => continue,
                };
                let elems = lex.exact_form(form);
                if elems.is_empty() {
                    return Err(r.err(format!("form '{form}' has no words")));
                }
                lex.names.add(elems, name);
            }
        }
    }
    for r in tsv::parse(ofile, otext, &["id", "names"])? {
        let id = r.req(0, "id")?;
        let Some(idx) = common.orgs.iter().position(|o| o.id == id) else {
            return Err(r.err(format!("id '{id}' is not in common/organizations.tsv")));
        };
        for form in r.list(1) {
            let elems = lex.exact_form(form);
            lex.names.add(elems, Name::Org(idx));
        }
    }
    // People: full names and variants need their capitals; short forms likewise.
    let people_text = common
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.name.clone()))
        .collect::<Vec<_>>();
    for (idx, name) in people_text {
        let elems = lex.exact_form(&name);
        lex.names.add(elems, Name::Person { idx, short: false });
    }
    for (idx, place) in common.places.iter().enumerate() {
        let elems = lex.exact_form(&place.name);
        lex.names.add(elems, Name::Place(idx));
    }
    Ok(())
}

/// People's variants and short forms, and places' other names, read once into
/// [`crate::Common`], are added to every language's name matcher.
pub(crate) fn load_common_forms(lex: &mut LangLexicon, common: &crate::Common) {
    for (idx, p) in common.people.iter().enumerate() {
        for v in &p.variants {
            let e = lex.exact_form(v);
            lex.names.add(e, Name::Person { idx, short: false });
        }
        for s in &p.short {
            let e = lex.exact_form(s);
            lex.names.add(e, Name::Person { idx, short: true });
        }
    }
    for (i, place) in common.places.iter().enumerate() {
        for n in place.names.iter().skip(1) {
            let e = lex.exact_form(n);
            lex.names.add(e, Name::Place(i));
        }
    }
}

pub(crate) fn load_roles(lex: &mut LangLexicon, file: &str, text: &str) -> Result<(), LoadError> {
    for r in tsv::parse(file, text, &["id", "forms", "role", "sector", "kind"])? {
        let sector = r.req(3, "sector")?;
        check_sector(&r, sector)?;
        let kind = match r.get(4) {
            "person" => RoleKind::Person,
            "group" | "" => RoleKind::Group,
            k => return Err(r.err(format!("kind '{k}' is not person or group"))),
        };
        let idx = lex.roles.len();
        lex.roles.push(Role {
            id: r.req(0, "id")?.into(),
            role: r.req(2, "role")?.into(),
            sector: sector.into(),
            kind,
        });
        for form in split_list(r.get(1)) {
            let e = lex.exact_form(form);
            lex.names.add(e, Name::Role(idx));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(
            parse_date("2024", true),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        assert_eq!(
            parse_date("2024-02", true),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            parse_date("2024-02", false),
            NaiveDate::from_ymd_opt(2024, 2, 1)
        );
        assert_eq!(parse_date("x", false), None);
    }
}
