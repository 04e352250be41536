//! A compiled matcher for word sequences: gazetteer names, event patterns, context words,
//! grammar phrases. Each sequence is a list of elements (alternative exact forms or stems,
//! or a bounded gap).
//!
//! Matching runs on numbers, not strings: [`SeqMatcher::compile`] gives every form and
//! stem of a language's matchers an id in one [`Vocab`]; a sentence looks each token up
//! once (its form id and stem id), then every matcher finds candidate sequences by the
//! first element's id (an array index) and compares ids along the sequence.
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

/// The words (forms and stems) a language's matchers know, each with an id.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    ids: FxHashMap<Box<str>, u32>,
}

/// The id of a word no matcher knows.
pub const UNKNOWN: u32 = 0;
/// The id of an empty alternative: equal to no token's id.
const NEVER: u32 = u32::MAX;

impl Vocab {
    /// The id of `word` (a lower-case form or a stem), or [`UNKNOWN`].
    pub fn id(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(UNKNOWN)
    }
    fn intern(&mut self, word: &str) -> u32 {
        if word.is_empty() {
            return NEVER;
        }
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32 + 1;
        self.ids.insert(word.into(), id);
        id
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The view of a token the matcher needs.
#[derive(Debug, Clone, Copy)]
pub struct TokView<'a> {
    pub lower: &'a str,
    pub stem: &'a str,
    /// `lower` and `stem` in the language's [`Vocab`].
    pub form_id: u32,
    pub stem_id: u32,
    pub cap: bool,
    /// A gap may not run over this token (sentence or clause punctuation).
    pub barrier: bool,
}

/// An alternative in ids.
#[derive(Debug, Clone, Copy)]
struct Code {
    id: u32,
    stem: bool,
    cap: bool,
}

impl Code {
    #[inline]
    fn matches(self, t: &TokView) -> bool {
        if self.stem {
            self.id == t.stem_id
        } else {
            self.id == t.form_id && (!self.cap || t.cap)
        }
    }
}

/// An element in ids: alternatives (a range of `Code`s in [`SeqMatcher`]'s flat array)
/// or a gap. Flat arrays keep a sequence's elements together in memory.
#[derive(Debug, Clone, Copy)]
enum CElem {
    Alts { from: u32, to: u32 },
    Gap(u8),
}

/// Sequence ids by word id, as one flat array (compressed rows), with a bit set of the
/// words that start any sequence: most tokens start none, and the bit set (a few KB, one
/// bit a word) answers for them without touching the larger arrays.
#[derive(Debug, Clone, Default)]
struct Index {
    starts_any: Vec<u64>,
    start: Vec<u32>,
    seqs: Vec<Cand>,
}

/// A sequence in an index row, with what is needed to reject it at once (kept here, next
/// to its neighbours in the row, rather than looked up per sequence).
#[derive(Debug, Clone, Copy)]
struct Cand {
    seq: u32,
    /// The sequence's second element when it is a list of alternatives (its range in
    /// `alts`; empty otherwise): a candidate found by its first word is dropped when the
    /// next token is not one of them. Names and phrases sharing a frequent first word
    /// ("al", "the", "ministro") are mostly rejected here.
    second: (u32, u32),
    /// A one-word sequence with one alternative is decided by the index row itself:
    /// [`ONE_WORD`] (it matches) or [`ONE_CAP_WORD`] (if the token is capitalized);
    /// otherwise [`WALK`] (compare along the sequence).
    single: u8,
    /// When the second element is a gap, the alternatives of the element after it (a
    /// range in `alts`; empty otherwise): if none of them is in the sentence at all, the
    /// sequence cannot match ("ha dichiarato … X" for each X).
    after_gap: (u32, u32),
}

/// The word ids (forms and stems) in a run of tokens, as a bit set.
struct Present(Vec<u64>);

impl Present {
    /// `words`: ids at or above it are no alternative's, so they are left out (and a
    /// caller's odd id cannot make the set large).
    fn of(toks: &[TokView], words: usize) -> Present {
        let max = toks
            .iter()
            .map(|t| t.form_id.max(t.stem_id) as usize)
            .filter(|&id| id < words)
            .max()
            .unwrap_or(0);
        let mut bits = vec![0u64; max / 64 + 1];
        for t in toks {
            for id in [t.form_id as usize, t.stem_id as usize] {
                if let Some(w) = bits.get_mut(id / 64) {
                    *w |= 1 << (id % 64);
                }
            }
        }
        Present(bits)
    }
    /// Whether any alternative's word is present (as a form or a stem: a cheap test that
    /// may say yes wrongly, never no wrongly).
    fn any(&self, alts: &[Code]) -> bool {
        alts.iter().any(|c| {
            let id = c.id as usize;
            self.0
                .get(id / 64)
                .is_some_and(|w| w & (1 << (id % 64)) != 0)
        })
    }
}

const WALK: u8 = 0;
const ONE_WORD: u8 = 1;
const ONE_CAP_WORD: u8 = 2;

impl Index {
    fn build(
        mut pairs: Vec<(u32, u32)>,
        words: usize,
        second: &[(u32, u32)],
        single: &[u8],
        after_gap: &[(u32, u32)],
    ) -> Index {
        pairs.sort_unstable();
        pairs.dedup();
        let mut start = vec![0u32; words + 2];
        let mut starts_any = vec![0u64; (words + 2).div_ceil(64)];
        for &(w, _) in &pairs {
            start[w as usize + 1] += 1;
            starts_any[w as usize / 64] |= 1 << (w % 64);
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        Index {
            starts_any,
            start,
            seqs: pairs
                .into_iter()
                .map(|(_, seq)| Cand {
                    seq,
                    second: second[seq as usize],
                    single: single[seq as usize],
                    after_gap: after_gap[seq as usize],
                })
                .collect(),
        }
    }
    #[inline]
    fn get(&self, word: u32) -> &[Cand] {
        let w = word as usize;
        if self
            .starts_any
            .get(w / 64)
            .is_none_or(|bits| bits & (1 << (w % 64)) == 0)
        {
            return &[];
        }
        match (self.start.get(w), self.start.get(w + 1)) {
            (Some(&a), Some(&b)) => &self.seqs[a as usize..b as usize],
            _ => &[],
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
    seqs: Vec<Vec<Elem>>,
    /// Values apart from the elements: read per match, so kept dense.
    values: Vec<T>,
    /// The sequences in ids, made by [`SeqMatcher::compile`]: each sequence's range in
    /// `elems`, whose alternatives are ranges in `alts`.
    code: Vec<(u32, u32)>,
    elems: Vec<CElem>,
    alts: Vec<Code>,
    by_form: Index,
    by_stem: Index,
    /// Some sequence has a gap as its second element (see [`Cand::after_gap`]).
    gapped: bool,
}

impl<T> Default for SeqMatcher<T> {
    fn default() -> Self {
        SeqMatcher {
            seqs: Vec::new(),
            values: Vec::new(),
            code: Vec::new(),
            elems: Vec::new(),
            alts: Vec::new(),
            by_form: Index::default(),
            by_stem: Index::default(),
            gapped: false,
        }
    }
}

impl<T> SeqMatcher<T> {
    /// Adds a sequence. The first element must not be a gap. The matcher must be
    /// compiled again before it is used.
    pub fn add(&mut self, elems: Vec<Elem>, value: T) -> u32 {
        let id = self.seqs.len() as u32;
        self.seqs.push(elems);
        self.values.push(value);
        self.code.clear();
        id
    }

    /// Puts the sequences in ids of `vocab` (adding the words it lacks) and indexes them
    /// by their first element.
    pub fn compile(&mut self, vocab: &mut Vocab) {
        let mut forms = Vec::new();
        let mut stems = Vec::new();
        self.code = Vec::with_capacity(self.seqs.len());
        self.elems.clear();
        self.alts.clear();
        let mut second = Vec::with_capacity(self.seqs.len());
        let mut single = Vec::with_capacity(self.seqs.len());
        let mut after_gap = Vec::with_capacity(self.seqs.len());
        for (k, elems) in self.seqs.iter().enumerate() {
            let from = self.elems.len() as u32;
            for e in elems {
                let ce = match e {
                    Elem::Gap(n) => CElem::Gap(*n),
                    Elem::Alts(alts) => {
                        let a = self.alts.len() as u32;
                        self.alts.extend(alts.iter().map(|a| match a {
                            Alt::Exact { lower, cap } => Code {
                                id: vocab.intern(lower),
                                stem: false,
                                cap: *cap,
                            },
                            Alt::Stem(st) => Code {
                                id: vocab.intern(st),
                                stem: true,
                                cap: false,
                            },
                        }));
                        CElem::Alts {
                            from: a,
                            to: self.alts.len() as u32,
                        }
                    }
                };
                self.elems.push(ce);
            }
            if let Some(&CElem::Alts { from, to }) = self.elems.get(from as usize) {
                for c in self.alts[from as usize..to as usize]
                    .iter()
                    .filter(|c| c.id != NEVER)
                {
                    if c.stem {
                        stems.push((c.id, k as u32));
                    } else {
                        forms.push((c.id, k as u32));
                    }
                }
            }
            // (the element after this sequence's first, if the sequence has one)
            second.push(match self.elems[from as usize..].get(1) {
                Some(&CElem::Alts { from: a, to: b }) => (a, b),
                _ => (0, 0),
            });
            // a one-word sequence with one alternative: found by its id, so it matches
            // (an exact form found by form id, a stem by stem id), given the case
            single.push(match &self.elems[from as usize..] {
                [CElem::Alts { from: a, to: b }] if b - a == 1 => {
                    if self.alts[*a as usize].cap {
                        ONE_CAP_WORD
                    } else {
                        ONE_WORD
                    }
                }
                _ => WALK,
            });
            after_gap.push(match &self.elems[from as usize..] {
                [_, CElem::Gap(_), CElem::Alts { from: a, to: b }, ..] => (*a, *b),
                _ => (0, 0),
            });
            self.code.push((from, self.elems.len() as u32));
        }
        self.gapped = after_gap.iter().any(|&(a, b)| a < b);
        self.by_form = Index::build(forms, vocab.len(), &second, &single, &after_gap);
        self.by_stem = Index::build(stems, vocab.len(), &second, &single, &after_gap);
    }

    pub fn len(&self) -> usize {
        self.seqs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }
    pub fn value(&self, seq: u32) -> &T {
        &self.values[seq as usize]
    }
    pub fn elems(&self, seq: u32) -> &[Elem] {
        &self.seqs[seq as usize]
    }
    pub fn iter(&self) -> impl Iterator<Item = (&[Elem], &T)> {
        self.seqs
            .iter()
            .zip(&self.values)
            .map(|(e, v)| (e.as_slice(), v))
    }

    /// All matches starting at token `i`: `emit(seq, end, positions)` for each, in the
    /// order sequences are tried (by form, then by stem; each by id).
    fn each_at(
        &self,
        toks: &[TokView],
        i: usize,
        present: Option<&Present>,
        scratch: &mut Positions,
        emit: &mut impl FnMut(u32, usize, &mut Positions),
    ) {
        let Some(t) = toks.get(i) else { return };
        debug_assert_eq!(
            self.code.len(),
            self.seqs.len(),
            "matcher used before compile"
        );
        let a = self.by_form.get(t.form_id);
        let b = self.by_stem.get(t.stem_id);
        if a.is_empty() && b.is_empty() {
            return;
        }
        for (k, c) in a.iter().chain(b.iter()).enumerate() {
            let id = c.seq;
            // a sequence indexed by both form and stem is tried once
            if k >= a.len() && !a.is_empty() && a.iter().any(|x| x.seq == id) {
                continue;
            }
            if c.single != WALK {
                if c.single == ONE_WORD || t.cap {
                    scratch.clear();
                    scratch.push(i);
                    emit(id, i + 1, scratch);
                }
                continue;
            }
            let (ag, bg) = c.after_gap;
            if ag < bg && present.is_some_and(|p| !p.any(&self.alts[ag as usize..bg as usize])) {
                continue;
            }
            let (a2, b2) = c.second;
            if a2 < b2
                && !toks
                    .get(i + 1)
                    .is_some_and(|t| any_matches(&self.alts[a2 as usize..b2 as usize], t))
            {
                continue;
            }
            let (from, to) = self.code[id as usize];
            let elems = &self.elems[from as usize..to as usize];
            scratch.clear();
            // one word (most grammar words, many names): no walk along the sequence
            if let [CElem::Alts { from: a1, to: b1 }] = *elems {
                if any_matches(&self.alts[a1 as usize..b1 as usize], t) {
                    scratch.push(i);
                    emit(id, i + 1, scratch);
                }
                continue;
            }
            if let Some(end) = match_from(elems, &self.alts, toks, i, scratch) {
                emit(id, end, scratch);
            }
        }
    }

    /// All matches starting at token `i`, added to `out`.
    fn matches_at_with(
        &self,
        toks: &[TokView],
        i: usize,
        present: Option<&Present>,
        out: &mut Vec<SeqMatch>,
        scratch: &mut Positions,
    ) {
        self.each_at(toks, i, present, scratch, &mut |seq, end, positions| {
            out.push(SeqMatch {
                seq,
                start: i,
                end,
                // leaves an empty inline vector behind: no copy of a spilled one
                positions: std::mem::take(positions),
            })
        });
    }

    /// The words of `toks`, for matchers with gapped sequences (see [`Cand::after_gap`]).
    fn present(&self, toks: &[TokView]) -> Option<Present> {
        // the index rows span every id the vocabulary had when this matcher was compiled
        self.gapped
            .then(|| Present::of(toks, self.by_form.start.len()))
    }

    /// All matches in `toks`, in order of start.
    pub fn find_all(&self, toks: &[TokView]) -> Vec<SeqMatch> {
        let mut out = Vec::with_capacity(toks.len() / 2);
        let mut scratch = Positions::new();
        let present = self.present(toks);
        for i in 0..toks.len() {
            self.matches_at_with(toks, i, present.as_ref(), &mut out, &mut scratch);
        }
        out
    }

    /// The spans of all matches, in the order of [`SeqMatcher::find_all`]: `f(seq, start,
    /// end)`, without collecting positions (for callers that need only spans).
    pub fn each_span(&self, toks: &[TokView], mut f: impl FnMut(u32, usize, usize)) {
        let mut scratch = Positions::new();
        let present = self.present(toks);
        for i in 0..toks.len() {
            self.each_at(
                toks,
                i,
                present.as_ref(),
                &mut scratch,
                &mut |seq, end, _| f(seq, i, end),
            );
        }
    }

    /// Leftmost-longest, non-overlapping matches (for names).
    pub fn find_longest(&self, toks: &[TokView]) -> Vec<SeqMatch> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut scratch = Positions::new();
        let present = self.present(toks);
        let mut i = 0;
        while i < toks.len() {
            buf.clear();
            self.matches_at_with(toks, i, present.as_ref(), &mut buf, &mut scratch);
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

/// Whether token `t` is one of the alternatives `alts`.
#[inline]
fn any_matches(alts: &[Code], t: &TokView) -> bool {
    alts.iter().any(|a| a.matches(t))
}

fn match_from(
    elems: &[CElem],
    alts: &[Code],
    toks: &[TokView],
    i: usize,
    positions: &mut Positions,
) -> Option<usize> {
    let mut pos = i;
    let mut k = 0;
    while k < elems.len() {
        match elems[k] {
            CElem::Alts { from, to } => {
                let t = toks.get(pos)?;
                if !any_matches(&alts[from as usize..to as usize], t) {
                    return None;
                }
                positions.push(pos);
                pos += 1;
                k += 1;
            }
            CElem::Gap(n) => {
                // the next element must be found within n skipped tokens
                let Some(&CElem::Alts { from, to }) = elems.get(k + 1) else {
                    k += 1;
                    continue;
                };
                let next = &alts[from as usize..to as usize];
                let mut found = None;
                for skip in 0..=(n as usize) {
                    let p = pos + skip;
                    let t = toks.get(p)?;
                    if any_matches(next, t) {
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

    fn tv<'a>(v: &Vocab, words: &'a [(&'a str, &'a str)]) -> Vec<TokView<'a>> {
        words
            .iter()
            .map(|(l, s)| TokView {
                lower: l,
                stem: s,
                form_id: v.id(l),
                stem_id: v.id(s),
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
        let mut v = Vocab::default();
        m.compile(&mut v);
        let toks = tv(
            &v,
            &[
                ("raggiunto", "raggiunt"),
                ("è", "è"),
                ("stato", "stat"),
                ("raggiunto", "raggiung"),
                ("alcun", "alcun"),
                ("accordo", "accord"),
                ("met", "met"),
            ],
        );
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
        let mut v = Vocab::default();
        m.compile(&mut v);
        let toks = tv(&v, &[("a", "a"), (".", ""), ("b", "b")]);
        assert!(m.find_all(&toks).is_empty());
        let toks = [TokView {
            lower: "xmali",
            stem: "",
            form_id: v.id("xmali"),
            stem_id: UNKNOWN,
            cap: false,
            barrier: false,
        }];
        assert!(m.find_all(&toks).is_empty());
    }

    #[test]
    fn gapped_sequences_need_their_word_after_the_gap() {
        let mut m = SeqMatcher::default();
        m.add(
            vec![
                Elem::Alts(vec![Alt::Stem("dichiar".into())]),
                Elem::Gap(4),
                Elem::Alts(vec![Alt::Stem("guerr".into()), Alt::Stem("tregu".into())]),
            ],
            "declare",
        );
        let mut v = Vocab::default();
        m.compile(&mut v);
        let found = tv(
            &v,
            &[
                ("dichiarato", "dichiar"),
                ("una", "una"),
                ("tregua", "tregu"),
            ],
        );
        assert_eq!(m.find_all(&found)[0].positions.as_slice(), &[0, 2]);
        let absent = tv(
            &v,
            &[("dichiarato", "dichiar"), ("una", "una"), ("pace", "pac")],
        );
        assert!(m.find_all(&absent).is_empty());
        // an id no vocabulary gave is ignored, not a reason to grow the word set
        let mut odd = found.clone();
        odd[1].form_id = u32::MAX - 1;
        assert_eq!(m.find_all(&odd).len(), 1);
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
        let mut v = Vocab::default();
        m.compile(&mut v);
        let toks = tv(
            &v,
            &[("corea", ""), ("del", ""), ("sud", ""), ("corea", "")],
        );
        let found: Vec<_> = m
            .find_longest(&toks)
            .iter()
            .map(|x| *m.value(x.seq))
            .collect();
        assert_eq!(found, ["long", "short"]);
    }
}
