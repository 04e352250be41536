//! A compiled matcher for word sequences: gazetteer names, event patterns, context words,
//! grammar phrases. Each sequence is a list of elements (alternative exact forms or stems,
//! or a bounded gap); sequences are indexed by the keys of their first element so a
//! sentence is scanned with one or two hash lookups per token.
//!
//! It does not decide between overlapping matches; callers do (longest-first for names,
//! all matches for events).

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// Token indexes of a match's elements; four fit inline (most patterns), so a match costs
/// no allocation.
pub type Positions = SmallVec<[usize; 4]>;

/// How one token must look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alt {
    /// This lower-case form; `cap`: the text must be capitalized (or all caps).
    Exact { lower: Box<str>, cap: bool },
    /// Any form with this stem.
    Stem(Box<str>),
}

/// One position of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    Alts(Vec<Alt>),
    /// Up to this many other tokens.
    Gap(u8),
}

/// The view of a token the matcher needs.
#[derive(Debug, Clone, Copy)]
pub struct TokView<'a> {
    pub lower: &'a str,
    pub stem: &'a str,
    pub cap: bool,
    /// A gap may not run over this token (sentence or clause punctuation).
    pub barrier: bool,
}

impl Alt {
    fn matches(&self, t: &TokView) -> bool {
        match self {
            Alt::Exact { lower, cap } => &**lower == t.lower && (!cap || t.cap),
            Alt::Stem(s) => &**s == t.stem && !t.stem.is_empty(),
        }
    }
}

/// A match: which sequence, and the token index of each non-gap element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeqMatch {
    pub seq: u32,
    pub start: usize,
    /// Index after the last token.
    pub end: usize,
    /// Token index of each non-gap element, in order.
    pub positions: Positions,
}

/// Sequences with values of type `T`.
#[derive(Debug, Clone)]
pub struct SeqMatcher<T> {
    seqs: Vec<(Vec<Elem>, T)>,
    by_form: FxHashMap<Box<str>, Vec<u32>>,
    by_stem: FxHashMap<Box<str>, Vec<u32>>,
}

impl<T> Default for SeqMatcher<T> {
    fn default() -> Self {
        SeqMatcher {
            seqs: Vec::new(),
            by_form: FxHashMap::default(),
            by_stem: FxHashMap::default(),
        }
    }
}

impl<T> SeqMatcher<T> {
    /// Adds a sequence. The first element must not be a gap.
    pub fn add(&mut self, elems: Vec<Elem>, value: T) -> u32 {
        let id = self.seqs.len() as u32;
        if let Some(Elem::Alts(alts)) = elems.first() {
            for a in alts {
                let (map, key) = match a {
                    Alt::Exact { lower, .. } => (&mut self.by_form, lower.clone()),
                    Alt::Stem(s) => (&mut self.by_stem, s.clone()),
                };
                let v = map.entry(key).or_default();
                if !v.contains(&id) {
                    v.push(id);
                }
            }
        }
        self.seqs.push((elems, value));
        id
    }

    pub fn len(&self) -> usize {
        self.seqs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }
    pub fn value(&self, seq: u32) -> &T {
        &self.seqs[seq as usize].1
    }
    pub fn elems(&self, seq: u32) -> &[Elem] {
        &self.seqs[seq as usize].0
    }
    pub fn iter(&self) -> impl Iterator<Item = (&[Elem], &T)> {
        self.seqs.iter().map(|(e, v)| (e.as_slice(), v))
    }

    /// Whether some sequence may start at this token (cheap pre-check).
    pub fn may_start(&self, t: &TokView) -> bool {
        self.by_form.contains_key(t.lower) || self.by_stem.contains_key(t.stem)
    }

    /// All matches starting at token `i`.
    pub fn matches_at(&self, toks: &[TokView], i: usize, out: &mut Vec<SeqMatch>) {
        let mut scratch = Positions::new();
        self.matches_at_with(toks, i, out, &mut scratch);
    }

    fn matches_at_with(
        &self,
        toks: &[TokView],
        i: usize,
        out: &mut Vec<SeqMatch>,
        scratch: &mut Positions,
    ) {
        let Some(t) = toks.get(i) else { return };
        let a = self.by_form.get(t.lower).map(Vec::as_slice).unwrap_or(&[]);
        let b = if t.stem.is_empty() {
            &[][..]
        } else {
            self.by_stem.get(t.stem).map(Vec::as_slice).unwrap_or(&[])
        };
        for (k, &id) in a.iter().chain(b.iter()).enumerate() {
            if k >= a.len() && a.contains(&id) {
                continue;
            }
            scratch.clear();
            if let Some(end) = match_from(&self.seqs[id as usize].0, toks, i, scratch) {
                out.push(SeqMatch {
                    seq: id,
                    start: i,
                    end,
                    positions: scratch.clone(),
                });
            }
        }
    }

    /// All matches in `toks`, in order of start.
    pub fn find_all(&self, toks: &[TokView]) -> Vec<SeqMatch> {
        let mut out = Vec::new();
        let mut scratch = Positions::new();
        for i in 0..toks.len() {
            self.matches_at_with(toks, i, &mut out, &mut scratch);
        }
        out
    }

    /// Leftmost-longest, non-overlapping matches (for names).
    pub fn find_longest(&self, toks: &[TokView]) -> Vec<SeqMatch> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut scratch = Positions::new();
        let mut i = 0;
        while i < toks.len() {
            buf.clear();
            self.matches_at_with(toks, i, &mut buf, &mut scratch);
            if let Some(best) = buf.iter().max_by_key(|m| (m.end, std::cmp::Reverse(m.seq))) {
                let end = best.end;
                // keep every sequence with the same longest span (ambiguous names)
                for m in buf.drain(..).filter(|m| m.end == end) {
                    out.push(m);
                }
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }
}

fn match_from(
    elems: &[Elem],
    toks: &[TokView],
    i: usize,
    positions: &mut Positions,
) -> Option<usize> {
    let mut pos = i;
    let mut k = 0;
    while k < elems.len() {
        match &elems[k] {
            Elem::Alts(alts) => {
                let t = toks.get(pos)?;
                if !alts.iter().any(|a| a.matches(t)) {
                    return None;
                }
                positions.push(pos);
                pos += 1;
                k += 1;
            }
            Elem::Gap(n) => {
                // the next element must be found within n skipped tokens
                let Some(Elem::Alts(next)) = elems.get(k + 1) else {
                    k += 1;
                    continue;
                };
                let mut found = None;
                for skip in 0..=(*n as usize) {
                    let p = pos + skip;
                    let t = toks.get(p)?;
                    if next.iter().any(|a| a.matches(t)) {
                        found = Some(p);
                        break;
                    }
                    if t.barrier {
                        return None;
                    }
                }
                let p = found?;
                positions.push(p);
                pos = p + 1;
                k += 2;
            }
        }
    }
    Some(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tv<'a>(words: &'a [(&'a str, &'a str)]) -> Vec<TokView<'a>> {
        words
            .iter()
            .map(|(l, s)| TokView {
                lower: l,
                stem: s,
                cap: l.chars().next().is_some_and(|c| c == 'x'),
                barrier: *l == ".",
            })
            .collect()
    }

    #[test]
    fn stems_exact_and_gaps() {
        let mut m = SeqMatcher::default();
        m.add(
            vec![
                Elem::Alts(vec![Alt::Stem("raggiung".into())]),
                Elem::Gap(4),
                Elem::Alts(vec![Alt::Stem("accord".into())]),
            ],
            "agree",
        );
        m.add(
            vec![Elem::Alts(vec![Alt::Exact {
                lower: "met".into(),
                cap: false,
            }])],
            "met",
        );
        let toks = tv(&[
            ("raggiunto", "raggiunt"),
            ("è", "è"),
            ("stato", "stat"),
            ("raggiunto", "raggiung"),
            ("alcun", "alcun"),
            ("accordo", "accord"),
            ("met", "met"),
        ]);
        let all = m.find_all(&toks);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].positions.as_slice(), &[3, 5]);
        assert_eq!(*m.value(all[1].seq), "met");
    }

    #[test]
    fn gaps_stop_at_barriers_and_case_is_checked() {
        let mut m = SeqMatcher::default();
        m.add(
            vec![
                Elem::Alts(vec![Alt::Stem("a".into())]),
                Elem::Gap(4),
                Elem::Alts(vec![Alt::Stem("b".into())]),
            ],
            1,
        );
        m.add(
            vec![Elem::Alts(vec![Alt::Exact {
                lower: "xmali".into(),
                cap: true,
            }])],
            2,
        );
        let toks = tv(&[("a", "a"), (".", ""), ("b", "b")]);
        assert!(m.find_all(&toks).is_empty());
        let toks = [TokView {
            lower: "xmali",
            stem: "",
            cap: false,
            barrier: false,
        }];
        assert!(m.find_all(&toks).is_empty());
    }

    #[test]
    fn longest_wins() {
        let mut m = SeqMatcher::default();
        let e = |w: &str| {
            Elem::Alts(vec![Alt::Exact {
                lower: w.into(),
                cap: false,
            }])
        };
        m.add(vec![e("corea")], "short");
        m.add(vec![e("corea"), e("del"), e("sud")], "long");
        let toks = tv(&[("corea", ""), ("del", ""), ("sud", ""), ("corea", "")]);
        let found: Vec<_> = m
            .find_longest(&toks)
            .iter()
            .map(|x| *m.value(x.seq))
            .collect();
        assert_eq!(found, ["long", "short"]);
    }
}
