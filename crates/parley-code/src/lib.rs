//! The event coder: turns one [`Document`] into PLOVER [`EventRecord`]s.
//!
//! Stages, each in its own module: `analysis` (tokens, stems, grammar classes, clauses),
//! `mentions` (actors, places, dates, quantities), `events` (who did what to whom),
//! `article` (both sides, duplicates) and `record` (the output record). This file only
//! wires them together; it reads no files and writes no output.

pub mod analysis;
pub mod article;
pub mod events;
pub mod memory;
pub mod mentions;
pub mod record;

use chrono::NaiveDate;
use parley_lexicon::{LangLexicon, Lexicons};
use parley_model::{Document, EventRecord};
use parley_text::Lang;
use std::time::{Duration, Instant};

/// Time spent in each stage of the pipeline, summed over the documents coded with
/// [`Coder::code_timed`]. For the benchmark: it shows which stage is the slowest.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Language, normalization, lower case, sentence splitting.
    pub prepare: Duration,
    /// Tokens, stems, grammar words, clauses.
    pub analysis: Duration,
    /// Actors, places, dates, quantities.
    pub mentions: Duration,
    /// Event patterns and their roles.
    pub events: Duration,
    /// Parties, duplicates, output records.
    pub article: Duration,
}

impl StageTimes {
    /// The stages by name, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 5] {
        [
            ("prepare (language, normalize, sentences)", self.prepare),
            ("analysis (tokens, stems, grammar, clauses)", self.analysis),
            ("mentions (actors, places, dates, numbers)", self.mentions),
            ("events (patterns, roles, modality)", self.events),
            ("article (parties, duplicates, records)", self.article),
        ]
    }
    pub fn add(&mut self, o: &StageTimes) {
        self.prepare += o.prepare;
        self.analysis += o.analysis;
        self.mentions += o.mentions;
        self.events += o.events;
        self.article += o.article;
    }
}

/// Laps for [`StageTimes`]; reads no clock when timing is off.
struct Clock(Option<Instant>);

impl Clock {
    fn lap(&mut self, slot: &mut Duration) {
        if let Some(t) = self.0 {
            let now = Instant::now();
            *slot += now - t;
            self.0 = Some(now);
        }
    }
}

/// Why a document could not be coded.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("document {doc_id}: language '{lang}' ({name}) is not supported (supported: it, en)")]
    UnsupportedLanguage {
        doc_id: String,
        lang: String,
        name: String,
    },
    #[error("document {doc_id}: no text to code")]
    Empty { doc_id: String },
}

/// A loaded coder: all languages' lexicons compiled once, shared across threads.
pub struct Coder {
    lex: Lexicons,
    /// `PARLEY_DEBUG` was set when the coder was made: print each sentence's analysis.
    debug: bool,
}

fn debug_wanted() -> bool {
    std::env::var_os("PARLEY_DEBUG").is_some()
}

impl Coder {
    /// The coder with the lexicons built into parley.
    pub fn with_defaults() -> Result<Coder, parley_lexicon::LoadError> {
        Ok(Coder {
            lex: Lexicons::builtin()?,
            debug: debug_wanted(),
        })
    }

    /// A coder over given lexicons (an analyst's edited copy, extra actors).
    pub fn with_lexicons(lex: Lexicons) -> Coder {
        Coder {
            lex,
            debug: debug_wanted(),
        }
    }

    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// The document's language: the one it states, else identified from the text.
    pub fn language(&self, doc: &Document) -> Result<Lang, CodeError> {
        let stated = doc
            .lang
            .as_deref()
            .filter(|l| !l.is_empty() && *l != "auto");
        if let Some(l) = stated {
            return Lang::from_code(l).ok_or_else(|| CodeError::UnsupportedLanguage {
                doc_id: doc.id.clone(),
                lang: l.to_string(),
                name: l.to_string(),
            });
        }
        let g = parley_text::identify(&doc.text);
        Lang::from_code(g.code).ok_or_else(|| CodeError::UnsupportedLanguage {
            doc_id: doc.id.clone(),
            lang: g.code.to_string(),
            name: g.name.to_string(),
        })
    }

    /// Codes one document.
    pub fn code(&self, doc: &Document) -> Result<Vec<EventRecord>, CodeError> {
        self.code_with(doc, &mut Clock(None), &mut StageTimes::default())
    }

    /// Codes one document, adding the time of each stage to `times`.
    pub fn code_timed(
        &self,
        doc: &Document,
        times: &mut StageTimes,
    ) -> Result<Vec<EventRecord>, CodeError> {
        self.code_with(doc, &mut Clock(Some(Instant::now())), times)
    }

    fn code_with(
        &self,
        doc: &Document,
        clock: &mut Clock,
        times: &mut StageTimes,
    ) -> Result<Vec<EventRecord>, CodeError> {
        if doc.text.trim().is_empty() {
            return Err(CodeError::Empty {
                doc_id: doc.id.clone(),
            });
        }
        let lang = self.language(doc)?;
        let lex = self.lex.lang(lang);
        let norm = parley_text::normalize(&doc.text);
        let text = norm.text.as_str();
        let lower = parley_text::normalize::lowercase_same_len(text);
        let published = doc
            .published
            .as_deref()
            .and_then(|p| NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok());
        let abbrevs = &lex.abbreviations;
        let spans = parley_text::split_sentences(text, &|w: &str| abbrevs.contains(w));
        clock.lap(&mut times.prepare);
        let mut cands = Vec::new();
        let mut discourse = events::Discourse::default();
        let mut memory = memory::ArticleMemory::default();
        let mut sentence_texts = Vec::with_capacity(spans.len());
        let mut stem_buf = String::new();
        for (i, sp) in spans.iter().enumerate() {
            sentence_texts.push((sp.start, sp.end));
            cands.extend(self.code_sentence(
                lex,
                i,
                sp.start,
                sp.end,
                text,
                &lower,
                published,
                &mut discourse,
                &mut memory,
                &mut stem_buf,
                clock,
                times,
            ));
        }
        for c in cands.iter_mut() {
            memory.fill(c);
        }
        let resolved = article::resolve(cands);
        let records = resolved
            .into_iter()
            .map(|(c, more)| record::build(doc, lang, lex, text, &sentence_texts, c, more))
            .collect();
        clock.lap(&mut times.article);
        Ok(records)
    }

    #[allow(clippy::too_many_arguments)]
    fn code_sentence(
        &self,
        lex: &LangLexicon,
        index: usize,
        start: usize,
        end: usize,
        text: &str,
        lower: &str,
        published: Option<NaiveDate>,
        d: &mut events::Discourse,
        memory: &mut memory::ArticleMemory,
        stem_buf: &mut String,
        clock: &mut Clock,
        times: &mut StageTimes,
    ) -> Vec<events::Candidate> {
        use parley_lexicon::Class;
        let mut s = analysis::Sentence::new(lex, index, start, end, text, lower, stem_buf);
        clock.lap(&mut times.analysis);
        let trig = events::triggers(lex, &s);
        clock.lap(&mut times.events);
        let trigger_tokens: Vec<usize> = trig
            .iter()
            .flat_map(|t| t.positions.iter().copied())
            .collect();
        let m = mentions::find(&self.lex, lex, &s, published, &|i| {
            trigger_tokens.contains(&i)
        });
        memory.note(&self.lex.common, index, &m);
        clock.lap(&mut times.mentions);
        let speech_at: Vec<usize> = s
            .gram
            .iter()
            .filter(|g| g.entry.class == Class::Speech)
            .map(|g| g.end - 1)
            .collect();
        let actor_ends: Vec<usize> = m.actors.iter().map(|a| a.end).collect();
        s.cut_clauses(&speech_at, &actor_ends);
        clock.lap(&mut times.analysis);
        if self.debug {
            debug_sentence(&s, &m, &trig, lex);
        }
        let found = events::extract(
            lex,
            &s,
            &m,
            &trig,
            published.map(|p| chrono::Datelike::year(&p)),
            d,
        );
        clock.lap(&mut times.events);
        found
    }
}

/// Prints a sentence's analysis to stderr (set `PARLEY_DEBUG=1`): for rule writers.
fn debug_sentence(
    s: &analysis::Sentence,
    m: &mentions::Mentions,
    trig: &[parley_lexicon::SeqMatch],
    lex: &LangLexicon,
) {
    eprintln!("--- sentence {}: {}", s.index, &s.text[s.start..s.end]);
    for c in &s.clauses {
        eprintln!("  clause {:?}: {}", c.kind, s.span_text(c.start, c.end));
    }
    for a in &m.actors {
        let codes: Vec<String> = a
            .actors
            .iter()
            .map(|x| {
                format!(
                    "{}/{}/{}",
                    x.code.as_deref().unwrap_or("?"),
                    x.sector.as_deref().unwrap_or("-"),
                    x.name
                )
            })
            .collect();
        eprintln!(
            "  actor {:?} [{}..{}] '{}' {:?} adj={} group={:?}",
            a.kind,
            a.start,
            a.end,
            s.span_text(a.start, a.end),
            codes,
            a.adj_only,
            a.group
        );
    }
    for p in &m.places {
        eprintln!(
            "  place '{}' {} loc={}",
            s.span_text(p.start, p.end),
            p.place.name,
            p.locative
        );
    }
    for d in &m.dates {
        eprintln!("  date '{}' {}", s.span_text(d.start, d.end), d.value);
    }
    for t in trig {
        let p = &lex.patterns[*lex.events.value(t.seq) as usize];
        eprintln!(
            "  trigger {} {} at {:?} '{}'",
            p.id,
            p.event,
            t.positions,
            s.span_text(t.start, t.end)
        );
    }
}
