//! Closed word classes the coder's rules rely on (`grammar.tsv`) and quantity units
//! (`units.tsv`). The class names are fixed here; the words are data.

use crate::matcher::{Alt, Elem};
use crate::{tsv, LangLexicon, LoadError};

macro_rules! classes {
    ($($v:ident = $s:literal: $doc:literal,)*) => {
        /// A grammar class.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Class { $(#[doc = $doc] $v,)* }
        impl Class {
            pub const ALL: &'static [(Class, &'static str, &'static str)] = &[$((Class::$v, $s, $doc),)*];
            pub fn parse(s: &str) -> Option<Class> {
                Self::ALL.iter().find(|(_, n, _)| *n == s).map(|(c, _, _)| *c)
            }
            pub fn bit(self) -> u64 { 1u64 << (self as u32) }
        }
    };
}

classes! {
    Negation = "negation": "turns the event it precedes negative (non, nessun, not, never, no)",
    NegationException = "negation_exception": "phrases with a negation word that do not negate (non appena, not only)",
    AuxPassive = "aux_passive": "forms of 'be'/'essere'/'venire' that make a following participle passive",
    AuxPerfect = "aux_perfect": "forms of 'have'/'avere' before a participle (active)",
    AgentPrep = "agent_prep": "introduces a passive agent (da, dal, dall', by)",
    RecipientPrep = "recipient_prep": "introduces who is acted upon (a, contro, con, su, to, against, with, on)",
    GenitivePrep = "genitive_prep": "of-phrases (di, del, dell', of)",
    Article = "article": "articles alone (il, la, un'): before a verb form they make it a noun",
    ArticlePrep = "article_prep": "prepositions fused with an article (al, della, nell'): likewise",
    LocPrep = "loc_prep": "introduces where something happens (a, in, nel, at, in)",
    OtherPrep = "other_prep": "prepositions that make a noun phrase not a subject (per, tra, for, from, after…)",
    Between = "between": "tra, fra, between, among: joins the parties of a reciprocal event",
    Coord = "coord": "joins actors (e, ed, and)",
    Both = "both": "opens a pair (sia … che, both … and)",
    Speech = "speech": "verbs of saying: not events, they give attribution (~dichiarare, ~say)",
    Attribution = "attribution": "opens a source phrase (secondo, according to)",
    Reported = "reported": "marks a claim as unconfirmed (reportedly, presumibilmente)",
    ConditionalConj = "conditional_conj": "opens a condition clause (se, qualora, if, unless)",
    Subordinator = "subordinator": "opens a subordinate clause (che, mentre, because, while)",
    Relative = "relative": "opens a relative clause (che, il quale, who, which)",
    PronounPerson = "pronoun_person": "a pronoun for one person (lui, lei, he, she)",
    PronounGroup = "pronoun_group": "a pronoun for several actors (loro, they)",
    Parties = "parties": "the parties of the article's talks (le due parti, both sides)",
    Future = "future": "marks the future (will, shall, prossimo)",
    Hypothetical = "hypothetical": "marks a possibility (potrebbe, could, might, may)",
    Historical = "historical": "marks the past background (da quando, since, dall'inizio)",
    Complement = "complement": "introduces an infinitive complement (di, a, to)",
    ClauseBreak = "clause_break": "starts a new clause (ma, però, but, however)",
    Purpose = "purpose": "introduces a purpose infinitive (per, in order to)",
    Determiner = "determiner": "articles and determiners (il, la, the, a)",
    Weekday = "weekday": "weekday names; value 1 (Monday) to 7 (Sunday)",
    Month = "month": "month names; value 1 to 12",
    RelDay = "relday": "days relative to publication (ieri: -1, oggi: 0, domani: 1)",
    RelWeek = "relweek": "weeks relative to publication (la settimana scorsa: -1)",
    RelMonth = "relmonth": "months relative to publication (il mese scorso: -1)",
    RelYear = "relyear": "years relative to publication (l'anno scorso: -1)",
    Abbreviation = "abbreviation": "words whose final stop does not end a sentence (sig, gen, mr, dr)",
    NotActor = "not_actor": "capitalized words or phrases that must never become actors",
    Mediator = "mediator": "nouns or verbs that make their actor a mediator (mediatore, ~mediare, host)",
}

/// A grammar phrase: its class and optional value (`weekday:5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GramEntry {
    pub class: Class,
    pub value: Option<Box<str>>,
}

impl GramEntry {
    pub fn int(&self) -> Option<i64> {
        self.value.as_deref().and_then(|v| v.parse().ok())
    }
}

pub(crate) fn load(lex: &mut LangLexicon, file: &str, text: &str) -> Result<(), LoadError> {
    for r in tsv::parse(file, text, &["class", "forms"])? {
        let raw = r.req(0, "class")?;
        let (name, value) = match raw.split_once(':') {
            Some((n, v)) => (n, Some(v)),
            None => (raw, None),
        };
        let Some(class) = Class::parse(name) else {
            let known: Vec<&str> = Class::ALL.iter().map(|(_, n, _)| *n).collect();
            return Err(r.err(format!(
                "unknown class '{name}' (known: {})",
                known.join(", ")
            )));
        };
        for form in r.list(1) {
            if class == Class::Abbreviation {
                lex.abbreviations
                    .insert(form.trim_end_matches('.').to_lowercase());
                continue;
            }
            // `=form` (the exact-form mark of event patterns) means the same as a plain
            // form here; without this it would be read as the token "=" then the word.
            let form = form.strip_prefix('=').unwrap_or(form);
            let elems: Vec<Elem> = if let Some(lemma) = form.strip_prefix('~') {
                crate::patterns::compile_pattern(lex, lemma, &r)?
            } else {
                lex.exact_form(form)
                    .into_iter()
                    .map(|e| match e {
                        // Grammar words match in any case.
                        Elem::Alts(a) => Elem::Alts(
                            a.into_iter()
                                .map(|x| match x {
                                    Alt::Exact { lower, .. } => Alt::Exact { lower, cap: false },
                                    other => other,
                                })
                                .collect(),
                        ),
                        g => g,
                    })
                    .collect()
            };
            if elems.is_empty() {
                return Err(r.err(format!("form '{form}' has no words")));
            }
            lex.grammar.add(
                elems,
                GramEntry {
                    class,
                    value: value.map(Into::into),
                },
            );
        }
    }
    Ok(())
}

pub(crate) fn load_units(lex: &mut LangLexicon, file: &str, text: &str) -> Result<(), LoadError> {
    for (name, elems) in crate::patterns::load_named_forms(lex, file, text, "unit")? {
        let idx = match lex.unit_names.iter().position(|u| *u == name) {
            Some(i) => i,
            None => {
                lex.unit_names.push(name);
                lex.unit_names.len() - 1
            }
        };
        lex.units.add(elems, idx as u16);
    }
    Ok(())
}
