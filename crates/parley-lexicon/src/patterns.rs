//! Event patterns (`events.tsv`), context words (`contexts.tsv`) and quantity units
//! (`units.tsv`): parsed, validated and compiled into stem/form sequence matchers.
//!
//! Pattern syntax: space-separated elements; `word` matches by stem, `=word` exactly,
//! `a|b` alternatives, `…`/`...` a gap of up to four words. The coder reads actors,
//! negation and mood around the match; patterns never name actors.

use crate::matcher::{Alt, Elem};
use crate::tsv;
use crate::{LangLexicon, LoadError};
use parley_model::PLOVER_TYPES;

/// Part of speech of a pattern's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
}

#[derive(Debug, Clone)]
pub struct EventPattern {
    pub id: String,
    pub event: &'static str,
    pub pos: Pos,
    pub pattern: String,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub cameo: Option<String>,
    pub reciprocal: bool,
    pub no_attributive: bool,
    pub passive_only: bool,
    pub needs_target: bool,
    /// Number of word elements (longer patterns win over shorter ones on the same head).
    pub words: usize,
}

const FLAGS: [&str; 4] = [
    "reciprocal",
    "no-attributive",
    "passive-only",
    "needs-target",
];

/// Compiles pattern text into element sequences; `row` is used for errors. An
/// alternative of several words ("=F-16|=HIMARS") yields a sequence of its own, so the
/// result may hold several variants of one pattern.
pub fn compile_pattern(
    lex: &LangLexicon,
    text: &str,
    row: &tsv::Row,
) -> Result<Vec<Elem>, LoadError> {
    let mut v = compile_variants(lex, text, row)?;
    Ok(v.swap_remove(0))
}

/// All variants of a pattern (see [`compile_pattern`]).
pub fn compile_variants(
    lex: &LangLexicon,
    text: &str,
    row: &tsv::Row,
) -> Result<Vec<Vec<Elem>>, LoadError> {
    let mut variants: Vec<Vec<Elem>> = vec![Vec::new()];
    for chunk in text.split_whitespace() {
        if chunk == "…" || chunk == "..." {
            if variants[0].is_empty() {
                return Err(row.err("a pattern cannot start with a gap"));
            }
            for v in &mut variants {
                v.push(Elem::Gap(4));
            }
            continue;
        }
        let mut single = Vec::new();
        let mut multi: Vec<Vec<Elem>> = Vec::new();
        for a in chunk.split('|').filter(|a| !a.is_empty()) {
            let (exact, word) = match a.strip_prefix('=') {
                Some(w) => (true, w),
                None => (false, a),
            };
            let toks = word_tokens(lex, word);
            match toks.len() {
                0 => return Err(row.err(format!("alternative '{a}' has no words"))),
                1 => single.push(alt(lex, &toks[0], exact)),
                _ => multi.push(
                    toks.iter()
                        .map(|t| Elem::Alts(vec![alt(lex, t, exact)]))
                        .collect(),
                ),
            }
        }
        let mut next = Vec::new();
        for v in &variants {
            if !single.is_empty() {
                let mut w = v.clone();
                w.push(Elem::Alts(single.clone()));
                next.push(w);
            }
            for m in &multi {
                let mut w = v.clone();
                w.extend(m.iter().cloned());
                next.push(w);
            }
        }
        if next.is_empty() {
            return Err(row.err(format!("element '{chunk}' has no words")));
        }
        variants = next;
    }
    if variants[0].is_empty() {
        return Err(row.err("empty pattern"));
    }
    if matches!(variants[0].last(), Some(Elem::Gap(_))) {
        return Err(row.err("a pattern cannot end with a gap"));
    }
    Ok(variants)
}

fn word_tokens(lex: &LangLexicon, word: &str) -> Vec<String> {
    let mut toks = Vec::new();
    parley_text::tokenize(
        word,
        0,
        word.len(),
        lex.lang == parley_text::Lang::En,
        &mut toks,
    );
    toks.iter().map(|t| t.text(word).to_lowercase()).collect()
}

fn alt(lex: &LangLexicon, lower: &str, exact: bool) -> Alt {
    if exact {
        Alt::Exact {
            lower: lower.into(),
            cap: false,
        }
    } else {
        Alt::Stem(lex.stemmer.stem_uncached(lower).into())
    }
}

pub(crate) fn load_events(lex: &mut LangLexicon, file: &str, text: &str) -> Result<(), LoadError> {
    let rows = tsv::parse(
        file,
        text,
        &[
            "id", "type", "pos", "pattern", "mode", "context", "cameo", "flags",
        ],
    )?;
    for r in rows {
        let id = r.req(0, "id")?;
        if lex.patterns.iter().any(|p| p.id == id) {
            return Err(r.err(format!("duplicate id '{id}'")));
        }
        let ty = r.req(1, "type")?;
        let Some(&event) = PLOVER_TYPES.iter().find(|t| **t == ty) else {
            return Err(r.err(format!("type '{ty}' is not a PLOVER type")));
        };
        let pos = match r.req(2, "pos")? {
            "V" => Pos::Verb,
            "N" => Pos::Noun,
            p => return Err(r.err(format!("pos '{p}' is not V or N"))),
        };
        let pattern = r.req(3, "pattern")?;
        let variants = compile_variants(lex, pattern, &r)?;
        let elems = variants[0].clone();
        let flags = r.list(7);
        for f in &flags {
            if !FLAGS.contains(f) {
                return Err(r.err(format!("unknown flag '{f}' (known: {})", FLAGS.join(", "))));
            }
        }
        let cameo = Some(r.get(6)).filter(|s| !s.is_empty()).map(String::from);
        if let Some(c) = &cameo {
            if !c.chars().all(|ch| ch.is_ascii_digit()) || c.len() < 2 || c.len() > 4 {
                return Err(r.err(format!("cameo '{c}' is not a CAMEO code")));
            }
        }
        let words = elems.iter().filter(|e| matches!(e, Elem::Alts(_))).count();
        let idx = lex.patterns.len() as u32;
        lex.patterns.push(EventPattern {
            id: format!("{}.{}", lex.lang.code(), id),
            event,
            pos,
            pattern: pattern.to_string(),
            mode: r.list(4).into_iter().map(String::from).collect(),
            context: r.list(5).into_iter().map(String::from).collect(),
            cameo,
            reciprocal: flags.contains(&"reciprocal"),
            no_attributive: flags.contains(&"no-attributive"),
            passive_only: flags.contains(&"passive-only"),
            needs_target: flags.contains(&"needs-target"),
            words,
        });
        for v in variants {
            lex.events.add(v, idx);
        }
    }
    Ok(())
}

/// `contexts.tsv` (columns context, forms) and `units.tsv` (unit, forms): a name and its words.
pub(crate) fn load_named_forms(
    lex: &LangLexicon,
    file: &str,
    text: &str,
    first: &str,
) -> Result<Vec<(String, Vec<Elem>)>, LoadError> {
    let mut out = Vec::new();
    for r in tsv::parse(file, text, &[first, "forms"])? {
        let name = r.req(0, first)?;
        for form in r.list(1) {
            for v in compile_variants(lex, form, &r)? {
                out.push((name.to_string(), v));
            }
        }
    }
    Ok(out)
}

pub(crate) fn load_contexts(
    lex: &mut LangLexicon,
    file: &str,
    text: &str,
) -> Result<(), LoadError> {
    for (name, elems) in load_named_forms(lex, file, text, "context")? {
        let idx = match lex.context_names.iter().position(|c| *c == name) {
            Some(i) => i,
            None => {
                lex.context_names.push(name);
                lex.context_names.len() - 1
            }
        };
        lex.contexts.add(elems, idx as u16);
    }
    Ok(())
}
