//! One sentence made ready for the rules: tokens, lower-case forms, stems, grammar classes
//! and clauses. Later stages read this; they never re-tokenize.
//!
//! Clauses are cut at punctuation and at words that open a clause (conditions, relatives,
//! subordinators, "but"); each clause knows what kind it is, which is how the rules tell
//! "Mosca ha chiesto" from "se Mosca rifiuterà".

use parley_lexicon::matcher::UNKNOWN;
use parley_lexicon::{Class, GramEntry, LangLexicon, TokView};
use parley_text::{Token, TokenKind};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// What kind of clause a token is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    Main,
    /// Opened by "se"/"if": its events are conditions, not events.
    Condition,
    /// Opened by a relative pronoun; the antecedent is the actor just before it.
    Relative,
    /// What someone said ("ha dichiarato che …", "said that …").
    Content,
    /// Any other subordinate or coordinate clause.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub kind: ClauseKind,
}

/// What the matchers need of a word form, computed once per thread and lexicon: news
/// vocabulary repeats, so stemming and vocabulary lookups run once per distinct form.
struct Word {
    stem: Box<str>,
    form_id: u32,
    stem_id: u32,
}

const WORD_CACHE_LIMIT: usize = 200_000;

/// Word caches by lexicon (ids differ between compiled lexicons).
#[derive(Default)]
struct WordCaches(Vec<(u64, FxHashMap<Box<str>, Word>)>);

impl WordCaches {
    fn for_lexicon(&mut self, lex: &LangLexicon) -> &mut FxHashMap<Box<str>, Word> {
        let i = match self.0.iter().position(|(uid, _)| *uid == lex.uid) {
            Some(i) => i,
            None => {
                // a handful of lexicons per process at most; forget the oldest beyond that
                if self.0.len() >= 4 {
                    self.0.remove(0);
                }
                self.0.push((lex.uid, FxHashMap::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }
}

thread_local! {
    static WORDS: RefCell<WordCaches> = RefCell::new(WordCaches::default());
}

/// A grammar phrase found in the sentence.
#[derive(Debug, Clone)]
pub struct GramHit<'a> {
    pub start: usize,
    pub end: usize,
    pub entry: &'a GramEntry,
}

pub struct Sentence<'a> {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub lower: &'a str,
    pub toks: Vec<Token>,
    /// What the matchers see of each token, built once for all of them.
    views: Vec<TokView<'a>>,
    /// Bit set of classes whose one-word forms match each token.
    pub class_mask: Vec<u64>,
    /// Bit set of classes of the grammar phrases (any length) starting at each token:
    /// lets `phrase_at` answer "no" without scanning.
    start_mask: Vec<u64>,
    /// Bit set of the classes of all grammar phrases in the sentence: lets a rule skip
    /// scanning `gram` for a class the sentence does not have.
    classes: u64,
    pub gram: Vec<GramHit<'a>>,
    pub clause_of: Vec<usize>,
    pub clauses: Vec<Clause>,
}

impl<'a> Sentence<'a> {
    /// Analyses the sentence `start..end` of `text`. `stem_buf` is scratch space the
    /// caller keeps across sentences, so stems cost no allocation per sentence.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        lex: &'a LangLexicon,
        index: usize,
        start: usize,
        end: usize,
        text: &'a str,
        lower: &'a str,
        stem_buf: &'a mut String,
    ) -> Sentence<'a> {
        // about one token per five bytes of news text
        let mut toks = Vec::with_capacity((end - start) / 4 + 8);
        parley_text::tokenize(
            text,
            start,
            end,
            lex.lang == parley_text::Lang::En,
            &mut toks,
        );
        stem_buf.clear();
        // (stem start, stem end, form id, stem id) of each token
        let mut word_at = Vec::with_capacity(toks.len());
        WORDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let words = cache.for_lexicon(lex);
            for t in &toks {
                let form = &lower[t.start..t.end];
                let s = stem_buf.len();
                if t.kind != TokenKind::Word {
                    word_at.push((s, s, lex.vocab.id(form), UNKNOWN));
                    continue;
                }
                if words.len() >= WORD_CACHE_LIMIT {
                    words.clear();
                }
                // looked up by `&str`: a key is allocated only for a form not seen before
                let (form_id, stem_id) = match words.get(form) {
                    Some(w) => {
                        stem_buf.push_str(&w.stem);
                        (w.form_id, w.stem_id)
                    }
                    None => {
                        let stem = lex.stemmer.stem_uncached(form);
                        stem_buf.push_str(&stem);
                        let w = Word {
                            form_id: lex.vocab.id(form),
                            stem_id: lex.vocab.id(&stem),
                            stem: stem.into(),
                        };
                        let ids = (w.form_id, w.stem_id);
                        words.insert(form.into(), w);
                        ids
                    }
                };
                word_at.push((s, stem_buf.len(), form_id, stem_id));
            }
        });
        let stems: &'a str = stem_buf;
        let views: Vec<TokView<'a>> = toks
            .iter()
            .zip(&word_at)
            .map(|(t, &(a, b, form_id, stem_id))| TokView {
                lower: &lower[t.start..t.end],
                stem: &stems[a..b],
                form_id,
                stem_id,
                cap: t.cap || t.upper,
                barrier: t.kind == TokenKind::Punct
                    && !matches!(&text[t.start..t.end], "'" | "-" | "$" | "€" | "%"),
            })
            .collect();
        let mut mask = vec![0u64; toks.len()];
        let mut start_mask = vec![0u64; toks.len()];
        let mut gram = Vec::new();
        let mut classes = 0;
        lex.grammar.each_span(&views, |seq, start, end| {
            let entry = lex.grammar.value(seq);
            if end - start == 1 {
                mask[start] |= entry.class.bit();
            }
            start_mask[start] |= entry.class.bit();
            classes |= entry.class.bit();
            gram.push(GramHit { start, end, entry });
        });
        Sentence {
            index,
            start,
            end,
            text,
            lower,
            toks,
            views,
            class_mask: mask,
            start_mask,
            classes,
            gram,
            clause_of: Vec::new(),
            clauses: Vec::new(),
        }
    }

    /// What the matchers see of each token.
    pub fn views(&self) -> &[TokView<'a>] {
        &self.views
    }

    pub fn stem(&self, i: usize) -> &'a str {
        self.views[i].stem
    }
    pub fn low(&self, i: usize) -> &'a str {
        self.views[i].lower
    }
    pub fn raw(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }
    pub fn is(&self, i: usize, c: Class) -> bool {
        self.class_mask.get(i).is_some_and(|m| m & c.bit() != 0)
    }
    pub fn is_punct(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct)
    }
    /// A grammar phrase of class `c` starting at token `i`: its end.
    pub fn phrase_at(&self, i: usize, c: Class) -> Option<usize> {
        if self.start_mask.get(i).is_none_or(|m| m & c.bit() == 0) {
            return None;
        }
        self.gram
            .iter()
            .filter(|g| g.start == i && g.entry.class == c)
            .map(|g| g.end)
            .max()
    }
    /// Whether any grammar phrase of class `c` is in the sentence.
    pub fn has_phrase(&self, c: Class) -> bool {
        self.classes & c.bit() != 0
    }
    /// The first grammar phrase of class `c` found starting at token `i`.
    pub fn phrase_hit_at(&self, i: usize, c: Class) -> Option<&GramHit<'a>> {
        if self.start_mask.get(i).is_none_or(|m| m & c.bit() == 0) {
            return None;
        }
        self.gram
            .iter()
            .find(|g| g.start == i && g.entry.class == c)
    }
    /// A grammar phrase of class `c` covering token `i`.
    pub fn phrase_covering(&self, i: usize, c: Class) -> Option<&GramHit<'a>> {
        self.gram
            .iter()
            .find(|g| g.start <= i && i < g.end && g.entry.class == c)
    }
    pub fn clause(&self, i: usize) -> &Clause {
        &self.clauses[self.clause_of[i]]
    }
    /// Byte span of tokens `a..b` in the document.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        let b = b.max(a + 1).min(self.toks.len());
        (self.toks[a].start, self.toks[b - 1].end)
    }
    pub fn span_text(&self, a: usize, b: usize) -> &'a str {
        let (s, e) = self.span(a, b);
        &self.text[s..e]
    }

    /// Cuts the sentence into clauses. `speech_at` tells where speech verbs stand, so that
    /// "che"/"that" after them opens reported content; `actor_ends` are token indexes right
    /// after an actor mention, so that "che" there opens a relative clause.
    pub fn cut_clauses(&mut self, speech_at: &[usize], actor_ends: &[usize]) {
        let n = self.toks.len();
        let mut clauses = Vec::new();
        let mut start = 0;
        let mut kind = ClauseKind::Main;
        let mut open_quote = false;
        let mut i = 0;
        while i < n {
            let raw = self.raw(i);
            let punct =
                self.is_punct(i) && matches!(raw, "," | ";" | ":" | "(" | ")" | "-" | "[" | "]");
            let mut opens: Option<ClauseKind> = None;
            if !punct && i > 0 {
                if self.is(i, Class::ConditionalConj)
                    || self.phrase_at(i, Class::ConditionalConj).is_some()
                {
                    opens = Some(ClauseKind::Condition);
                } else if self
                    .phrase_at(i, Class::Subordinator)
                    .is_some_and(|e| e > i + 1)
                {
                    opens = Some(ClauseKind::Other);
                } else if (self.is(i, Class::Relative) || self.is(i, Class::Subordinator))
                    && !(self.has_phrase(Class::Subordinator)
                        && self.gram.iter().any(|g| {
                            g.start < i && i < g.end && g.entry.class == Class::Subordinator
                        }))
                {
                    let after_speech = speech_at.iter().any(|&s| {
                        s < i
                            && i - s <= 3
                            && !(s + 1..i).any(|k| self.is_punct(k) && self.raw(k) != ",")
                    });
                    let after_actor = actor_ends
                        .iter()
                        .any(|&e| e == i || (e + 1 == i && self.raw(e) == ","));
                    let after_both = (i.saturating_sub(6)..i).any(|k| self.is(k, Class::Both));
                    if after_both && (self.low(i) == "che" || self.low(i) == "and") {
                        opens = None;
                    } else if after_speech {
                        opens = Some(ClauseKind::Content);
                    } else if after_actor && self.is(i, Class::Relative) {
                        opens = Some(ClauseKind::Relative);
                    } else if self.is(i, Class::Subordinator) || (i > 0 && self.raw(i - 1) == ",") {
                        opens = Some(ClauseKind::Other);
                    }
                } else if self.is(i, Class::ClauseBreak) {
                    opens = Some(ClauseKind::Other);
                }
            }
            if punct {
                if raw == "\"" {
                    open_quote = !open_quote;
                }
                if i > start {
                    clauses.push(Clause {
                        start,
                        end: i,
                        kind,
                    });
                }
                start = i + 1;
                // after a closing comma the main line resumes, unless a new opener follows
                kind = if (matches!(raw, ":") && speech_at.iter().any(|&s| s < i && i - s <= 3))
                    || (raw == "\"" && open_quote)
                {
                    ClauseKind::Content
                } else {
                    ClauseKind::Main
                };
            } else if let Some(k) = opens {
                if i > start {
                    clauses.push(Clause {
                        start,
                        end: i,
                        kind,
                    });
                }
                start = i;
                kind = k;
            }
            i += 1;
        }
        if start < n {
            clauses.push(Clause {
                start,
                end: n,
                kind,
            });
        }
        if clauses.is_empty() {
            clauses.push(Clause {
                start: 0,
                end: n,
                kind: ClauseKind::Main,
            });
        }
        let mut clause_of = vec![usize::MAX; n];
        for (ci, c) in clauses.iter().enumerate() {
            for slot in clause_of.iter_mut().take(c.end.min(n)).skip(c.start) {
                *slot = ci;
            }
        }
        // punctuation belongs to the clause before it
        let mut last = 0;
        for slot in clause_of.iter_mut() {
            if *slot == usize::MAX {
                *slot = last;
            } else {
                last = *slot;
            }
        }
        self.clauses = clauses;
        self.clause_of = clause_of;
    }
}
