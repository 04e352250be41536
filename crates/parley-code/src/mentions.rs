//! Mentions in one sentence: actors (countries, capitals standing for governments, groups,
//! organizations, people, role phrases such as "il ministro degli Esteri turco" or
//! "Russian troops"), "both sides" phrases and pronouns, places, dates and quantities.
//!
//! Role, country and name words next to each other are chunked into one actor; actors
//! joined by "e"/"and"/commas form coordination groups ("tra Mosca e Kiev"). This stage
//! does not decide who did what: see `events`.

use crate::analysis::Sentence;
use chrono::{Datelike, Duration, NaiveDate};
use parley_lexicon::{Class, LangLexicon, Lexicons, Name, NameKind, RoleKind};
use parley_model::Place;
use parley_text::{numbers, Lang, TokenKind};

/// One actor a mention stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRef {
    pub name: String,
    pub code: Option<String>,
    pub sector: Option<String>,
    pub role: Option<String>,
    pub wikidata: Option<String>,
    pub person: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Actor,
    /// "le due parti", "both sides": resolved at article level.
    Parties,
    /// "lui", "he": the last person; "they": the last actors.
    Pronoun {
        group: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    pub actors: Vec<ActorRef>,
    /// A bare adjective ("invasione russa"): an actor only for a noun it modifies.
    pub adj_only: bool,
    /// "a Kiev": a capital after a preposition that also marks places.
    pub loc_ambiguous: bool,
    /// The mention's coordination group, if any.
    pub group: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct CoordGroup {
    pub members: Vec<usize>,
    /// Introduced by "tra"/"between".
    pub between: bool,
}

#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub place: Place,
    /// Preference when several places stand in one clause: city > site > region > country.
    pub rank: u8,
    /// Preceded by a locative preposition.
    pub locative: bool,
    /// The English name of the place's country (a recipient or actor drawn from the place).
    pub country_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub year: i32,
    /// A weekday's next occurrence on or after publication, for events told in the future.
    pub ahead: Option<String>,
}

#[derive(Debug, Clone)]
pub struct QuantityMention {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub unit: String,
}

#[derive(Debug, Default)]
pub struct Mentions {
    pub actors: Vec<Mention>,
    pub groups: Vec<CoordGroup>,
    pub places: Vec<PlaceMention>,
    pub dates: Vec<DateMention>,
    pub quantities: Vec<QuantityMention>,
}

impl Mentions {
    /// The mention covering token `i`.
    pub fn actor_at(&self, i: usize) -> Option<usize> {
        self.actors.iter().position(|m| m.start <= i && i < m.end)
    }
    /// A mention and its coordination partners, in order.
    pub fn with_group(&self, m: usize) -> Vec<usize> {
        match self.actors[m].group {
            Some(g) => self.groups[g].members.clone(),
            None => vec![m],
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Person(usize),
    Org(usize),
    Country(usize, NameKind),
    Group(usize, NameKind),
    Role(usize),
}

/// Finds all mentions of a sentence. `published` resolves dates and picks office holders.
pub fn find(
    lexs: &Lexicons,
    lex: &LangLexicon,
    s: &Sentence,
    published: Option<NaiveDate>,
    is_trigger: &dyn Fn(usize) -> bool,
) -> Mentions {
    let views = s.views();
    let hits = lex.names.find_longest(views);
    let common = &lexs.common;
    let n = s.toks.len();
    let mut items: Vec<(usize, usize, Item)> = Vec::new();
    let mut out = Mentions::default();
    let mut covered = vec![false; n];
    let not_actor = |a: usize, b: usize| {
        s.has_phrase(Class::NotActor)
            && s.gram
                .iter()
                .any(|g| g.entry.class == Class::NotActor && g.start <= a && b <= g.end)
    };
    let loc_before = |a: usize| a > 0 && (s.is(a - 1, Class::LocPrep));
    let mut i = 0;
    // the names of one span (several when a name is ambiguous), reused span to span
    let mut names = Vec::new();
    while i < hits.len() {
        let (a, b) = (hits[i].start, hits[i].end);
        let mut j = i;
        names.clear();
        while j < hits.len() && hits[j].start == a && hits[j].end == b {
            names.push(*lex.names.value(hits[j].seq));
            j += 1;
        }
        i = j;
        if not_actor(a, b) {
            continue;
        }
        for c in covered.iter_mut().take(b).skip(a) {
            *c = true;
        }
        let person = pick_person(common, &names, published);
        let org = names.iter().find_map(|nm| {
            if let Name::Org(x) = nm {
                Some(*x)
            } else {
                None
            }
        });
        // a compound prefix ("indo" in "indo-pakistano") stands only before a hyphen: "Indo"
        // alone is the river
        let country = names.iter().find_map(|nm| match nm {
            Name::Country {
                kind: NameKind::Prefix,
                ..
            } if lex.lang == Lang::It && (b >= s.toks.len() || s.raw(b) != "-") => None,
            Name::Country { idx, kind } => Some(Item::Country(*idx, *kind)),
            Name::Group { idx, kind } => Some(Item::Group(*idx, *kind)),
            _ => None,
        });
        let place = names.iter().find_map(|nm| {
            if let Name::Place(x) = nm {
                Some(*x)
            } else {
                None
            }
        });
        let role = names.iter().find_map(|nm| {
            if let Name::Role(x) = nm {
                Some(*x)
            } else {
                None
            }
        });
        if let Some(p) = person {
            items.push((a, b, Item::Person(p)));
            continue;
        }
        if let Some(o) = org {
            items.push((a, b, Item::Org(o)));
            continue;
        }
        // "nel centro di Tbilisi", "nel nord della Nigeria": a part of a country is a place
        let part_of = lex.lang == Lang::It
            && a >= 2
            && s.is(a - 1, Class::GenitivePrep)
            && matches!(
                s.low(a - 2),
                "centro"
                    | "periferia"
                    | "periferie"
                    | "sobborghi"
                    | "sobborgo"
                    | "strade"
                    | "vie"
                    | "piazze"
                    | "nord"
                    | "sud"
                    | "est"
                    | "ovest"
                    | "nord-est"
                    | "nord-ovest"
                    | "sud-est"
                    | "sud-ovest"
                    | "nordest"
                    | "sudest"
                    | "zona"
                    | "area"
                    | "regione"
                    | "provincia"
                    | "dintorni"
                    | "porto"
                    | "aeroporto"
                    | "quartiere"
                    | "quartieri"
                    | "cieli"
                    | "cielo"
                    | "città"
                    | "territorio"
                    | "costa"
                    | "coste"
                    | "acque"
                    | "confine"
                    | "confini"
                    | "spazio"
            );
        let locative = loc_before(a) || part_of;
        if let Some(c) = country {
            let (is_name, is_capital) = match c {
                Item::Country(_, k) | Item::Group(_, k) => {
                    (k == NameKind::Name, k == NameKind::Capital)
                }
                _ => (false, false),
            };
            let is_group = matches!(c, Item::Group(..));
            if locative && (is_name || is_capital) && !is_group {
                // a place: "in Albania", "a Istanbul"; "a Kiev" may also be a recipient
                // (not at the sentence start: "A Tel Aviv migliaia di persone …")
                // Italian puts countries after "in" and cities after "a": "ha chiesto a
                // Israele" is a dative (but "a Cipro", "a Taiwan" may be places: both kept)
                let dative_name =
                    lex.lang == Lang::It && is_name && a >= 2 && matches!(s.low(a - 1), "a" | "ad");
                let also_recipient =
                    (is_capital || dative_name) && a >= 2 && s.is(a - 1, Class::RecipientPrep);
                if let Some(mut pm) = place_of(common, c, place, a, b, s) {
                    // "a Kiev" after a verb is more often a recipient than a place
                    pm.locative = !also_recipient || a < 2 || s.is_punct(a - 2);
                    out.places.push(pm);
                }
                if also_recipient {
                    items.push((a, b, c));
                }
                continue;
            }
            items.push((a, b, c));
            continue;
        }
        if let Some(p) = place {
            out.places
                .push(gazetteer_place(&common.places[p], a, b, s, locative));
            continue;
        }
        // "ha inviato", "sono stati detenuti": a participle after an auxiliary is a verb
        let after_aux = a > 0
            && b == a + 1
            && (s.is(a - 1, Class::AuxPerfect) || s.is(a - 1, Class::AuxPassive));
        if let Some(r) = role.filter(|_| !after_aux) {
            items.push((a, b, Item::Role(r)));
        }
    }
    // Misspelled or partial names of known people ("Zelenski").
    for (i, t) in s.toks.iter().enumerate() {
        if covered[i] || t.kind != TokenKind::Word || !t.cap || s.class_mask[i] != 0 {
            continue;
        }
        let low = s.low(i);
        // English wire copy names many people parley does not know; a short name is too
        // short to call a misspelling ("Annan" is not "Anand", "Sharia" not "Sharif")
        let min = if lex.lang == Lang::En { 7 } else { 5 };
        if low.chars().count() < min {
            continue;
        }
        if let Some(p) = fuzzy_person(common, low, published) {
            items.push((i, i + 1, Item::Person(p)));
            covered[i] = true;
        }
    }
    items.sort_by_key(|x| x.0);
    // Unknown capitalized words right before a person belong to the name ("Volodymr Zelensky").
    for it in items.iter_mut() {
        if let Item::Person(_) = it.2 {
            while it.0 > 1
                && !covered[it.0 - 1]
                && s.toks[it.0 - 1].cap
                && s.toks[it.0 - 1].kind == TokenKind::Word
                && s.class_mask[it.0 - 1] == 0
            {
                it.0 -= 1;
                covered[it.0] = true;
            }
        }
    }
    chunk(lexs, lex, s, &items, &covered, is_trigger, &mut out);
    coref_and_pronouns(s, &mut out);
    out.actors.sort_by_key(|m| m.start);
    // a pronoun stands for the nearest person before it in the sentence, if any
    for k in 0..out.actors.len() {
        if out.actors[k].kind == (MentionKind::Pronoun { group: false }) {
            if let Some(p) = out.actors[..k]
                .iter()
                .rev()
                .find(|m| m.kind == MentionKind::Actor && m.actors.iter().any(|a| a.person))
            {
                out.actors[k].actors = p.actors.clone();
            }
        }
    }
    coordinate(s, &mut out);
    for pm in out.places.iter_mut() {
        pm.country_name = pm
            .place
            .country_code
            .as_deref()
            .and_then(|c| common.country(c))
            .map(|c| c.name.clone());
    }
    // "il ministero della Salute di Gaza", "il sindaco di Kharkiv": a role of a place
    if lex.lang == Lang::It {
        for mn in out.actors.iter_mut() {
            if mn.kind != MentionKind::Actor || mn.actors.iter().any(|a| a.code.is_some()) {
                continue;
            }
            let e = mn.end;
            if e >= s.toks.len() || !s.is(e, Class::GenitivePrep) {
                continue;
            }
            let Some(pl) = out.places.iter().find(|pl| pl.start == e + 1) else {
                continue;
            };
            let (Some(cc), Some(cn)) = (&pl.place.country_code, &pl.country_name) else {
                continue;
            };
            for a in mn.actors.iter_mut() {
                a.name = format!("{cn} {}", a.role.as_deref().unwrap_or(&a.name));
                a.code = Some(cc.clone());
            }
        }
    }
    dates(s, published, &mut out);
    quantities(lex, s, views, &mut out);
    out
}

fn rank_of(feature: &str) -> u8 {
    match feature {
        "city" => 3,
        "site" => 2,
        "region" => 1,
        _ => 0,
    }
}

/// A gazetteer place at tokens `a..b`.
fn gazetteer_place(
    e: &parley_lexicon::PlaceEntry,
    a: usize,
    b: usize,
    s: &Sentence,
    locative: bool,
) -> PlaceMention {
    PlaceMention {
        start: a,
        end: b,
        place: Place {
            name: e.name.clone(),
            country_code: Some(e.country.clone()),
            lat: Some(e.lat),
            lon: Some(e.lon),
            feature: Some(e.feature.clone()),
            geonameid: e.geonameid,
            text: s.span_text(a, b).to_string(),
        },
        rank: rank_of(&e.feature),
        country_name: None,
        locative,
    }
}

fn place_of(
    common: &parley_lexicon::Common,
    c: Item,
    place: Option<usize>,
    a: usize,
    b: usize,
    s: &Sentence,
) -> Option<PlaceMention> {
    if let Some(p) = place {
        return Some(gazetteer_place(&common.places[p], a, b, s, true));
    }
    let text = s.span_text(a, b).to_string();
    match c {
        Item::Country(idx, NameKind::Name) => {
            let k = &common.countries[idx];
            Some(PlaceMention {
                start: a,
                end: b,
                place: Place {
                    name: k.name.clone(),
                    country_code: Some(k.code.clone()),
                    lat: Some(k.lat),
                    lon: Some(k.lon),
                    feature: Some("country".into()),
                    geonameid: None,
                    text,
                },
                rank: 0,
                country_name: None,
                locative: true,
            })
        }
        Item::Country(idx, NameKind::Capital) => {
            let k = &common.countries[idx];
            Some(PlaceMention {
                start: a,
                end: b,
                place: Place {
                    name: text.clone(),
                    country_code: Some(k.code.clone()),
                    lat: None,
                    lon: None,
                    feature: Some("city".into()),
                    geonameid: None,
                    text,
                },
                rank: 3,
                country_name: None,
                locative: true,
            })
        }
        _ => None,
    }
}

fn pick_person(
    common: &parley_lexicon::Common,
    names: &[Name],
    published: Option<NaiveDate>,
) -> Option<usize> {
    let cands: Vec<usize> = names
        .iter()
        .filter_map(|n| {
            if let Name::Person { idx, .. } = n {
                Some(*idx)
            } else {
                None
            }
        })
        .collect();
    best_office(common, &cands, published)
}

/// Among rows naming the same person, the office held on `published`, else the latest.
fn best_office(
    common: &parley_lexicon::Common,
    cands: &[usize],
    published: Option<NaiveDate>,
) -> Option<usize> {
    if let Some(day) = published {
        if let Some(&p) = cands.iter().find(|&&p| common.people[p].holds_on(day)) {
            return Some(p);
        }
    }
    cands.iter().copied().max_by_key(|&p| common.people[p].from)
}

fn fuzzy_person(
    common: &parley_lexicon::Common,
    low: &str,
    published: Option<NaiveDate>,
) -> Option<usize> {
    let first = low.chars().next()?;
    let mut cands: Vec<usize> = Vec::new();
    parley_lexicon::gazetteer::each_deletion(low, |d| {
        if let Some(v) = common.fuzzy_people.get(d) {
            for &p in v {
                let same_initial = common.people[p]
                    .name
                    .split_whitespace()
                    .last()
                    .and_then(|w| w.chars().next())
                    .map(|c| c.to_lowercase().next() == Some(first))
                    .unwrap_or(false);
                if same_initial && !cands.contains(&p) {
                    cands.push(p);
                }
            }
        }
    });
    // Only one person may answer to a misspelling.
    let first_name = common.people[*cands.first()?].name.as_str();
    if cands.iter().any(|&p| common.people[p].name != first_name) {
        return None;
    }
    best_office(common, &cands, published)
}

fn is_glue(s: &Sentence, i: usize) -> bool {
    s.is(i, Class::Determiner)
        || s.is(i, Class::GenitivePrep)
        || matches!(s.low(i), "'s" | "of" | "the" | "'")
}

fn chunk(
    lexs: &Lexicons,
    lex: &LangLexicon,
    s: &Sentence,
    items: &[(usize, usize, Item)],
    covered: &[bool],
    is_trigger: &dyn Fn(usize) -> bool,
    out: &mut Mentions,
) {
    let common = &lexs.common;
    let mut k = 0;
    while k < items.len() {
        let mut parts = vec![items[k]];
        let mut end = items[k].1;
        let mut m = k + 1;
        while m < items.len() {
            let (a, b, it) = items[m];
            if a < end {
                m += 1;
                continue;
            }
            // what lies between must be glue (articles, "of", one unknown modifier)
            let mut unknown = 0;
            let mut ok = a - end <= 4;
            for (g, &cov) in covered.iter().enumerate().take(a).skip(end) {
                if !ok {
                    break;
                }
                if is_glue(s, g) {
                    continue;
                }
                if s.toks[g].kind == TokenKind::Word
                    && !cov
                    && s.class_mask[g] == 0
                    && !is_trigger(g)
                    && !s.toks[g].cap
                    && unknown == 0
                {
                    unknown += 1;
                    continue;
                }
                ok = false;
            }
            // Italian "a Palazzo Chigi il presidente argentino": an article alone between a
            // name and a role opens a new noun phrase
            let new_np = lex.lang == Lang::It
                && matches!(it, Item::Role(_) | Item::Person(_))
                && !parts.iter().any(|p| matches!(p.2, Item::Role(_)))
                && (end..a).any(|g| s.is(g, Class::Article))
                && !(end..a).any(|g| s.is(g, Class::GenitivePrep));
            if !ok || new_np || !compatible(&parts, it) {
                break;
            }
            parts.push((a, b, it));
            end = b;
            m += 1;
        }
        k = m;
        let start = parts[0].0;
        let mention = build_mention(common, lex, s, &parts, start, end);
        if let Some(mn) = mention {
            out.actors.push(mn);
        }
    }
    // Apposition: "Il capo delegato ucraino, il ministro della Difesa Rustem Umerov, …"
    let mut i = 0;
    while i + 1 < out.actors.len() {
        let (a, b) = (&out.actors[i], &out.actors[i + 1]);
        let comma_between = b.start == a.end + 1 && s.raw(a.end) == ",";
        let a_role_only =
            a.actors.len() == 1 && !a.actors[0].person && a.actors[0].role.is_some() && !a.adj_only;
        let b_person = b.actors.len() == 1 && b.actors[0].person;
        let same_code = a.actors[0].code.is_none() || a.actors[0].code == b.actors[0].code;
        if comma_between && a_role_only && b_person && same_code {
            let mut merged = out.actors[i + 1].clone();
            merged.start = out.actors[i].start;
            out.actors[i] = merged;
            out.actors.remove(i + 1);
            continue;
        }
        i += 1;
    }
}

fn compatible(parts: &[(usize, usize, Item)], it: Item) -> bool {
    let has = |f: &dyn Fn(&Item) -> bool| parts.iter().any(|p| f(&p.2));
    match it {
        Item::Person(_) => !has(&|x| matches!(x, Item::Person(_))),
        Item::Role(_) => !has(&|x| matches!(x, Item::Role(_) | Item::Person(_))),
        Item::Org(_) => !has(&|x| {
            matches!(
                x,
                Item::Org(_) | Item::Person(_) | Item::Country(..) | Item::Group(..)
            )
        }),
        Item::Country(..) | Item::Group(..) => {
            // a country after an adjective country is a list, not one actor
            !has(&|x| matches!(x, Item::Country(..) | Item::Group(..) | Item::Org(_)))
        }
    }
}

fn build_mention(
    common: &parley_lexicon::Common,
    lex: &LangLexicon,
    s: &Sentence,
    parts: &[(usize, usize, Item)],
    start: usize,
    end: usize,
) -> Option<Mention> {
    let mut person = None;
    let mut org = None;
    let mut country = None;
    let mut role = None;
    for p in parts {
        match p.2 {
            Item::Person(x) => person = Some(x),
            Item::Org(x) => org = Some(x),
            Item::Country(..) | Item::Group(..) => country = Some(p.2),
            Item::Role(x) => role = Some(x),
        }
    }
    let role_e = role.map(|r| &lex.roles[r]);
    let mut adj_only = false;
    let mut loc_ambiguous = false;
    let mut refs = Vec::new();
    if let Some(p) = person {
        let e = &common.people[p];
        refs.push(ActorRef {
            name: e.name.clone(),
            code: Some(e.code.clone()),
            sector: Some(e.sector.clone()),
            role: Some(e.role.clone()).filter(|r| !r.is_empty()),
            wikidata: e.wikidata.clone(),
            person: true,
        });
    } else if let Some(o) = org {
        let e = &common.orgs[o];
        refs.push(ActorRef {
            name: e.name.clone(),
            code: Some(e.code.clone()),
            sector: Some(
                role_e
                    .map(|r| r.sector.clone())
                    .unwrap_or_else(|| e.sector.clone()),
            ),
            role: role_e.map(|r| r.role.clone()),
            wikidata: None,
            person: false,
        });
    } else if let Some(c) = country {
        let (codes, cname, kind): (Vec<String>, String, NameKind) = match c {
            Item::Country(idx, k) => (
                vec![common.countries[idx].code.clone()],
                common.countries[idx].name.clone(),
                k,
            ),
            Item::Group(idx, k) => {
                let g = &common.groups[idx];
                let codes = if g.members.is_empty() {
                    vec![g.code.clone()]
                } else {
                    g.members.clone()
                };
                (codes, g.name.clone(), k)
            }
            _ => return None,
        };
        let sector = match (role_e, kind) {
            (Some(r), _) => Some(r.sector.clone()),
            (None, NameKind::Capital) => Some("GOV".to_string()),
            _ => None,
        };
        if role_e.is_none() && matches!(kind, NameKind::Adjective | NameKind::Prefix) {
            // "i russi" (article + adjective) is an actor; "invasione russa" only modifies.
            let det_before = start > 0
                && s.is(start - 1, Class::Determiner)
                && (start < 2 || !s.toks[start - 2].cap || s.is(start - 2, Class::Determiner));
            adj_only = !(det_before && lex.lang == Lang::It && kind == NameKind::Adjective);
        }
        let dative_name = kind == NameKind::Name
            && lex.lang == Lang::It
            && start > 0
            && matches!(s.low(start - 1), "a" | "ad");
        if (kind == NameKind::Capital || dative_name)
            && start > 0
            && s.is(start - 1, Class::LocPrep)
        {
            loc_ambiguous = true;
        }
        let person_role = role_e.is_some_and(|r| r.kind == RoleKind::Person);
        for code in codes {
            let name = match (role_e, codes_name(common, &code)) {
                (Some(r), Some(n)) => format!("{n} {}", r.role),
                (None, Some(n)) => n,
                (Some(r), None) => format!("{cname} {}", r.role),
                (None, None) => cname.clone(),
            };
            refs.push(ActorRef {
                name,
                code: Some(code),
                sector: sector.clone(),
                role: role_e.map(|r| r.role.clone()),
                wikidata: None,
                person: person_role,
            });
        }
    } else if let Some(r) = role_e {
        refs.push(ActorRef {
            name: r.role.clone(),
            code: None,
            sector: Some(r.sector.clone()),
            role: Some(r.role.clone()),
            wikidata: None,
            person: r.kind == RoleKind::Person,
        });
    }
    if refs.is_empty() {
        return None;
    }
    Some(Mention {
        start,
        end,
        kind: MentionKind::Actor,
        actors: refs,
        adj_only,
        loc_ambiguous,
        group: None,
    })
}

fn codes_name(common: &parley_lexicon::Common, code: &str) -> Option<String> {
    common
        .country(code)
        .map(|c| c.name.clone())
        .or_else(|| common.group(code).map(|g| g.name.clone()))
}

fn coref_and_pronouns(s: &Sentence, out: &mut Mentions) {
    for g in &s.gram {
        if g.entry.class == Class::Parties {
            out.actors.retain(|m| {
                !(m.start < g.end && g.start < m.end && m.actors.iter().all(|a| a.code.is_none()))
            });
        }
        if g.entry.class == Class::Parties
            && !out
                .actors
                .iter()
                .any(|m| m.start < g.end && g.start < m.end)
        {
            out.actors.push(Mention {
                start: g.start,
                end: g.end,
                kind: MentionKind::Parties,
                actors: Vec::new(),
                adj_only: false,
                loc_ambiguous: false,
                group: None,
            });
        }
    }
    for i in 0..s.toks.len() {
        let group = s.is(i, Class::PronounGroup);
        if !(s.is(i, Class::PronounPerson) || group) {
            continue;
        }
        // "i loro alleati": a possessive, not a pronoun
        if i > 0 && s.is(i - 1, Class::Determiner) {
            continue;
        }
        if out.actors.iter().any(|m| m.start <= i && i < m.end) {
            continue;
        }
        out.actors.push(Mention {
            start: i,
            end: i + 1,
            kind: MentionKind::Pronoun { group },
            actors: Vec::new(),
            adj_only: false,
            loc_ambiguous: false,
            group: None,
        });
    }
}

fn coordinate(s: &Sentence, out: &mut Mentions) {
    let n = out.actors.len();
    let mut i = 0;
    while i + 1 < n {
        let mut members = vec![i];
        let mut j = i;
        while j + 1 < n {
            let (a, b) = (&out.actors[j], &out.actors[j + 1]);
            let between: Vec<usize> = (a.end..b.start).collect();
            let joined = match between.as_slice() {
                [x] => matches!(s.raw(*x), "," | "-" | "/") || s.is(*x, Class::Coord),
                [x, y] => {
                    (s.raw(*x) == "," && s.is(*y, Class::Coord))
                        || ((s.is(*x, Class::Coord) || s.low(*x) == "che")
                            && (s.is(*y, Class::Determiner)
                                || s.is(*y, Class::RecipientPrep)
                                || s.is(*y, Class::GenitivePrep)
                                || s.is(*y, Class::AgentPrep)))
                }
                [x, y, z] => {
                    (s.is(*x, Class::Coord) || s.low(*x) == "che" || s.raw(*x) == ",")
                        && (s.is(*y, Class::AgentPrep)
                            || s.is(*y, Class::RecipientPrep)
                            || s.is(*y, Class::GenitivePrep)
                            || s.is(*y, Class::Determiner))
                        && s.is(*z, Class::Determiner)
                }
                _ => false,
            };
            let attributed = a.start > 0
                && (s.is(a.start - 1, Class::Attribution)
                    || s.gram.iter().any(|g| {
                        g.entry.class == Class::Attribution
                            && g.end + 2 >= a.start
                            && g.end <= a.start
                    }));
            let parties = a.kind == MentionKind::Parties || b.kind == MentionKind::Parties;
            if !joined || attributed || parties || (a.adj_only != b.adj_only && s.raw(a.end) != "-")
            {
                break;
            }
            members.push(j + 1);
            j += 1;
        }
        if members.len() > 1 {
            let first = out.actors[members[0]].start;
            let mut k = first;
            while k > 0 && (s.is(k - 1, Class::Determiner) || s.is(k - 1, Class::Both)) {
                k -= 1;
            }
            let between = k > 0 && (s.is(k - 1, Class::Between) || s.is(k, Class::Between));
            let g = out.groups.len();
            for &m in &members {
                out.actors[m].group = Some(g);
            }
            out.groups.push(CoordGroup { members, between });
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

fn dates(s: &Sentence, published: Option<NaiveDate>, out: &mut Mentions) {
    let n = s.toks.len();
    let mut used = vec![false; n];
    // Relative words first (ieri, last week), then weekdays, then day-month-year and years.
    for g in &s.gram {
        let Some(v) = g.entry.int() else { continue };
        let Some(p) = published else { continue };
        let value = match g.entry.class {
            Class::RelDay => (p + Duration::days(v)).format("%Y-%m-%d").to_string(),
            Class::RelWeek => (p + Duration::weeks(v)).format("%Y-%m").to_string(),
            Class::RelMonth => {
                let m0 = p.year() * 12 + p.month0() as i32 + v as i32;
                format!("{:04}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1)
            }
            Class::RelYear => format!("{:04}", p.year() + v as i32),
            _ => continue,
        };
        if (g.start..g.end).any(|k| used[k]) {
            continue;
        }
        for u in used.iter_mut().take(g.end).skip(g.start) {
            *u = true;
        }
        let year = value[..4].parse().unwrap_or(p.year());
        out.dates.push(DateMention {
            start: g.start,
            end: g.end,
            value,
            year,
            ahead: None,
        });
    }
    let num = |i: usize| -> Option<u32> {
        if s.toks.get(i)?.kind == TokenKind::Number {
            s.raw(i).parse().ok()
        } else {
            None
        }
    };
    let month_at = |i: usize| -> Option<u32> {
        s.phrase_hit_at(i, Class::Month)
            .and_then(|g| g.entry.int())
            .map(|v| v as u32)
    };
    let mut i = 0;
    while i < n {
        if used[i] {
            i += 1;
            continue;
        }
        // 15 maggio [2025] / May 15[, 2025] / 15 May 2025 / maggio 2025
        let (mut day, mut month, mut year, mut end) = (None, None, None, i);
        if let (Some(d), Some(m)) = (num(i), month_at(i + 1)) {
            if (1..=31).contains(&d) {
                day = Some(d);
                month = Some(m);
                end = i + 2;
            }
        } else if let Some(m) = month_at(i) {
            let english_cap_ok = s.toks[i].cap
                || s.raw(i).chars().next().is_some_and(char::is_lowercase)
                    && !matches!(s.low(i), "may" | "march");
            if english_cap_ok {
                if let Some(d) = num(i + 1).filter(|d| (1..=31).contains(d)) {
                    day = Some(d);
                    month = Some(m);
                    end = i + 2;
                } else {
                    let prep_before = i > 0
                        && (s.is(i - 1, Class::LocPrep)
                            || s.is(i - 1, Class::GenitivePrep)
                            || s.is(i - 1, Class::OtherPrep));
                    if num(i + 1).is_some_and(|y| (1900..2100).contains(&y)) || prep_before {
                        month = Some(m);
                        end = i + 1;
                    }
                }
            }
        }
        if month.is_some() {
            let mut e = end;
            if e < n && s.raw(e) == "," {
                e += 1;
            }
            if let Some(y) = num(e).filter(|y| (1900..2100).contains(y)) {
                year = Some(y as i32);
                end = e + 1;
            }
            let y = year
                .or_else(|| published.map(|p| infer_year(p, month.unwrap_or(1), day.unwrap_or(1))))
                .unwrap_or(0);
            if y > 0 {
                let value = match day {
                    Some(d) => format!("{y:04}-{:02}-{d:02}", month.unwrap_or(1)),
                    None => format!("{y:04}-{:02}", month.unwrap_or(1)),
                };
                for u in used.iter_mut().take(end).skip(i) {
                    *u = true;
                }
                out.dates.push(DateMention {
                    start: i,
                    end,
                    value,
                    year: y,
                    ahead: None,
                });
                i = end;
                continue;
            }
        }
        if let Some(y) = num(i).filter(|y| (1900..2100).contains(y)) {
            let unit_after = i + 1 < n
                && s.toks[i + 1].kind == TokenKind::Word
                && !s.is(i + 1, Class::Coord)
                && !s.is_punct(i + 1)
                && !s.is(i + 1, Class::LocPrep)
                && s.low(i + 1).len() > 3
                && !s.toks[i + 1].cap;
            if !unit_after && s.raw(i).len() == 4 {
                used[i] = true;
                out.dates.push(DateMention {
                    start: i,
                    end: i + 1,
                    value: format!("{y:04}"),
                    year: y as i32,
                    ahead: None,
                });
            }
        }
        i += 1;
    }
    // Weekdays: the last such day on or before publication (news reports the past).
    if let Some(p) = published {
        for g in &s.gram {
            if g.entry.class != Class::Weekday || used[g.start] {
                continue;
            }
            let Some(v) = g.entry.int() else { continue };
            let target = (v - 1).rem_euclid(7);
            let today = p.weekday().num_days_from_monday() as i64;
            let back = (today - target).rem_euclid(7);
            let d = p - Duration::days(back);
            let ahead = p + Duration::days((7 - back) % 7);
            out.dates.push(DateMention {
                start: g.start,
                end: g.end,
                value: d.format("%Y-%m-%d").to_string(),
                year: d.year(),
                ahead: Some(ahead.format("%Y-%m-%d").to_string()),
            });
        }
    }
    out.dates.sort_by_key(|d| d.start);
}

/// A day and month without a year: the year that puts it closest before publication
/// (up to a month ahead, for announced events).
fn infer_year(p: NaiveDate, month: u32, day: u32) -> i32 {
    let y = p.year();
    match NaiveDate::from_ymd_opt(y, month, day.min(28)) {
        Some(d) if d > p + Duration::days(60) => y - 1,
        _ => y,
    }
}

fn quantities(
    lex: &LangLexicon,
    s: &Sentence,
    views: &[parley_lexicon::TokView],
    out: &mut Mentions,
) {
    let units = lex.units.find_all(views);
    if units.is_empty() {
        return;
    }
    let n = s.toks.len();
    // A number is read only in the few words before a unit ("two hundred and fifty
    // thousand prisoners"): reading every word as a possible number is costly.
    let mut near = vec![false; n];
    for u in &units {
        for slot in &mut near[u.start.saturating_sub(10)..u.start] {
            *slot = true;
        }
    }
    let mut i = 0;
    while i < n {
        if !near[i] {
            i += 1;
            continue;
        }
        let (value, end) = number_at(lex.lang, s, i);
        let Some(value) = value else {
            i += 1;
            continue;
        };
        if out.dates.iter().any(|d| d.start <= i && i < d.end) {
            i = end;
            continue;
        }
        // the unit follows within two words ("mille prigionieri", "30 days", "4 regioni occupate")
        if let Some(u) = units.iter().find(|u| {
            u.start >= end && u.start <= end + 2 && (end..u.start).all(|k| !s.is_punct(k))
        }) {
            out.quantities.push(QuantityMention {
                start: i,
                end: u.end,
                value,
                unit: lex.unit_names[*lex.units.value(u.seq) as usize].clone(),
            });
            i = u.end;
            continue;
        }
        i = end;
    }
}

/// A number written in digits or words starting at token `i`, and the token after it.
fn number_at(lang: Lang, s: &Sentence, i: usize) -> (Option<f64>, usize) {
    let n = s.toks.len();
    if s.toks[i].kind == TokenKind::Number {
        let mut v = numbers::parse_digits(s.raw(i), lang);
        let mut end = i + 1;
        if let (Some(x), true) = (v, end < n) {
            if let Some((m, true)) = numbers::word_value(s.low(end), lang) {
                v = Some(x * m);
                end += 1;
            }
        }
        return (v, end);
    }
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut any = false;
    while j < n {
        let w = s.low(j);
        match numbers::word_value(w, lang) {
            Some((m, true)) => {
                current = if current == 0.0 { m } else { current * m };
                if m >= 1000.0 {
                    total += current;
                    current = 0.0;
                }
                any = true;
            }
            Some((v, false)) => {
                current += v;
                any = true;
            }
            None if any
                && (w == "and" || w == "e")
                && j + 1 < n
                && numbers::word_value(s.low(j + 1), lang).is_some() => {}
            None => break,
        }
        j += 1;
    }
    if !any {
        return (None, i + 1);
    }
    (Some(total + current), j)
}
