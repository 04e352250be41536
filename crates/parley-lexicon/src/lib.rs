//! Loads, validates and compiles parley's language data (`lexicons/` at the repository
//! root; see its README for every file's format).
//!
//! The data files are compiled into the binary, so parley needs nothing on disk at run
//! time; [`Lexicons::from_dir`] loads an edited copy instead, and [`Lexicons::with_actors`]
//! adds a user's actor list. Errors name the file and line. This crate decides nothing
//! about events: it only answers "which entries match these words".

pub mod gazetteer;
pub mod grammar;
pub mod matcher;
pub mod patterns;
pub mod tsv;

use std::path::{Path, PathBuf};

pub use gazetteer::{Country, Group, Name, NameKind, Org, Person, PlaceEntry, Role, RoleKind};
pub use grammar::{Class, GramEntry};
pub use matcher::{Alt, Elem, SeqMatch, SeqMatcher, TokView, Vocab};
pub use parley_text::Lang;
pub use patterns::{EventPattern, Pos};

/// A data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
}

macro_rules! builtin {
    ($($f:literal),* $(,)?) => {
        /// The data files, relative to `lexicons/`.
        pub const FILES: &[&str] = &[$($f),*];

        fn builtin(name: &str) -> Option<&'static str> {
            match name {
                $($f => Some(include_str!(concat!("../../../lexicons/", $f))),)*
                _ => None,
            }
        }
    };
}
builtin!(
    "common/countries.tsv",
    "common/groups.tsv",
    "common/organizations.tsv",
    "common/people.tsv",
    "common/places.tsv",
    "it/countries.tsv",
    "it/organizations.tsv",
    "it/roles.tsv",
    "it/events.tsv",
    "it/contexts.tsv",
    "it/grammar.tsv",
    "it/units.tsv",
    "en/countries.tsv",
    "en/organizations.tsv",
    "en/roles.tsv",
    "en/events.tsv",
    "en/contexts.tsv",
    "en/grammar.tsv",
    "en/units.tsv",
);

/// Facts shared by all languages.
#[derive(Debug, Default)]
pub struct Common {
    pub countries: Vec<Country>,
    pub groups: Vec<Group>,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub places: Vec<PlaceEntry>,
    /// Deletion-neighbourhood index of person short names, for misspellings.
    pub fuzzy_people: rustc_hash::FxHashMap<Box<str>, Vec<usize>>,
    /// Countries and groups by code (built by `index_codes` right after loading; `Common`
    /// is only made by `Lexicons::load`).
    by_code: rustc_hash::FxHashMap<Box<str>, (Option<usize>, Option<usize>)>,
}

impl Common {
    pub fn country(&self, code: &str) -> Option<&Country> {
        let i = self.by_code.get(code)?.0?;
        self.countries.get(i)
    }
    pub fn group(&self, code: &str) -> Option<&Group> {
        let i = self.by_code.get(code)?.1?;
        self.groups.get(i)
    }
    /// Indexes countries and groups by code: the coder asks for them per mention.
    fn index_codes(&mut self) {
        let mut by_code: rustc_hash::FxHashMap<Box<str>, (Option<usize>, Option<usize>)> =
            Default::default();
        for (i, c) in self.countries.iter().enumerate() {
            by_code
                .entry(c.code.as_str().into())
                .or_default()
                .0
                .get_or_insert(i);
        }
        for (i, g) in self.groups.iter().enumerate() {
            by_code
                .entry(g.code.as_str().into())
                .or_default()
                .1
                .get_or_insert(i);
        }
        self.by_code = by_code;
    }
}

/// One language's compiled knowledge.
pub struct LangLexicon {
    pub lang: Lang,
    pub stemmer: parley_text::Stemmer,
    /// Countries, groups, organizations, people, places and roles by their words.
    pub names: SeqMatcher<Name>,
    pub roles: Vec<Role>,
    pub patterns: Vec<EventPattern>,
    pub events: SeqMatcher<u32>,
    pub context_names: Vec<String>,
    pub contexts: SeqMatcher<u16>,
    pub grammar: SeqMatcher<GramEntry>,
    pub unit_names: Vec<String>,
    pub units: SeqMatcher<u16>,
    pub abbreviations: rustc_hash::FxHashSet<String>,
    /// Every form and stem the matchers above know, with its id (see `matcher`).
    pub vocab: Vocab,
    /// Unique per compiled lexicon in this process: caches of word ids key on it.
    pub uid: u64,
}

/// Everything parley knows, compiled.
pub struct Lexicons {
    pub common: Common,
    pub it: LangLexicon,
    pub en: LangLexicon,
}

impl Lexicons {
    /// The lexicons built into parley.
    pub fn builtin() -> Result<Lexicons, LoadError> {
        Self::load(
            &|name: &str| Ok(builtin(name).unwrap_or("").to_string()),
            &[],
        )
    }

    /// Lexicons read from a directory laid out like `lexicons/` (for analysts editing data).
    pub fn from_dir(dir: &Path) -> Result<Lexicons, LoadError> {
        let dir: PathBuf = dir.to_path_buf();
        Self::load(
            &move |name: &str| {
                let p = dir.join(name);
                std::fs::read_to_string(&p).map_err(|e| LoadError::Io {
                    file: p.display().to_string(),
                    source: e,
                })
            },
            &[],
        )
    }

    /// The built-in lexicons plus the user's actor files (people.tsv format).
    pub fn with_actors(files: &[(String, String)]) -> Result<Lexicons, LoadError> {
        Self::load(
            &|name: &str| Ok(builtin(name).unwrap_or("").to_string()),
            files,
        )
    }

    fn load(
        read: &(dyn Fn(&str) -> Result<String, LoadError> + Sync),
        extra_actors: &[(String, String)],
    ) -> Result<Lexicons, LoadError> {
        let mut common = Common::default();
        let rd = |n: &str| read(n);
        gazetteer::load_common(&mut common, &rd, extra_actors)?;
        common.index_codes();
        let lang = |lang: Lang| -> Result<LangLexicon, LoadError> {
            let mut lex = LangLexicon::load(lang, &common, &rd)?;
            gazetteer::load_common_forms(&mut lex, &common);
            lex.compile();
            Ok(lex)
        };
        // The two languages are independent: English is built on a second thread while
        // Italian is built here, which halves start-up on a machine with two cores.
        let (it, en) = std::thread::scope(|scope| {
            let en = scope.spawn(|| lang(Lang::En));
            let it = lang(Lang::It);
            // a panic while loading is passed on as if it had happened on this thread
            let en = en.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (it, en)
        });
        Ok(Lexicons {
            common,
            it: it?,
            en: en?,
        })
    }

    pub fn lang(&self, lang: Lang) -> &LangLexicon {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

impl LangLexicon {
    fn load(
        lang: Lang,
        common: &Common,
        read: &dyn Fn(&str) -> Result<String, LoadError>,
    ) -> Result<LangLexicon, LoadError> {
        let stemmer = parley_text::Stemmer::new(lang);
        let dir = lang.code();
        let mut lex = LangLexicon {
            lang,
            stemmer,
            names: SeqMatcher::default(),
            roles: Vec::new(),
            patterns: Vec::new(),
            events: SeqMatcher::default(),
            context_names: Vec::new(),
            contexts: SeqMatcher::default(),
            grammar: SeqMatcher::default(),
            unit_names: Vec::new(),
            units: SeqMatcher::default(),
            abbreviations: Default::default(),
            vocab: Vocab::default(),
            uid: 0,
        };
        let f = |n: &str| format!("{dir}/{n}");
        gazetteer::load_names(
            &mut lex,
            common,
            &f("countries.tsv"),
            &read(&f("countries.tsv"))?,
            &f("organizations.tsv"),
            &read(&f("organizations.tsv"))?,
        )?;
        gazetteer::load_roles(&mut lex, &f("roles.tsv"), &read(&f("roles.tsv"))?)?;
        patterns::load_events(&mut lex, &f("events.tsv"), &read(&f("events.tsv"))?)?;
        patterns::load_contexts(&mut lex, &f("contexts.tsv"), &read(&f("contexts.tsv"))?)?;
        grammar::load(&mut lex, &f("grammar.tsv"), &read(&f("grammar.tsv"))?)?;
        grammar::load_units(&mut lex, &f("units.tsv"), &read(&f("units.tsv"))?)?;
        Ok(lex)
    }

    /// Compiles every matcher into ids of one vocabulary. Done once, after loading.
    fn compile(&mut self) {
        let mut vocab = Vocab::default();
        self.names.compile(&mut vocab);
        self.events.compile(&mut vocab);
        self.contexts.compile(&mut vocab);
        self.grammar.compile(&mut vocab);
        self.units.compile(&mut vocab);
        self.vocab = vocab;
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.uid = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Compiles a name form into exact elements: capitalized words must be capitalized.
    pub fn exact_form(&self, form: &str) -> Vec<Elem> {
        let mut toks = Vec::new();
        parley_text::tokenize(form, 0, form.len(), self.lang == Lang::En, &mut toks);
        toks.iter()
            .map(|t| {
                let s = t.text(form);
                Elem::Alts(vec![Alt::Exact {
                    lower: parley_text::normalize::lowercase_same_len(s).into(),
                    cap: t.cap,
                }])
            })
            .collect()
    }

    /// The stem of one word (lower-cased first).
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem_uncached(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_load_and_validate() {
        let lex = match Lexicons::builtin() {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        assert!(
            lex.common.countries.len() >= 195,
            "countries: {}",
            lex.common.countries.len()
        );
        assert!(!lex.it.names.is_empty() && !lex.en.names.is_empty());
    }

    #[test]
    fn exact_marked_grammar_forms_match() {
        let lex = match Lexicons::builtin() {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        // "=detto" in it/grammar.tsv is the word "detto", a speech verb
        let it = &lex.it;
        let tok = |w: &'static str| TokView {
            lower: w,
            stem: "",
            form_id: it.vocab.id(w),
            stem_id: matcher::UNKNOWN,
            cap: false,
            barrier: false,
        };
        let toks = [tok("ha"), tok("detto")];
        assert!(it
            .grammar
            .find_all(&toks)
            .iter()
            .any(|m| m.start == 1 && it.grammar.value(m.seq).class == Class::Speech));
    }

    #[test]
    fn errors_name_file_and_line() {
        let read = |n: &str| -> Result<String, LoadError> {
            if n == "common/countries.tsv" {
                Ok("code\tiso2\tname\tlat\tlon\tgroups\nRUS\tRU\tRussia\tnorth\t37\t\n".into())
            } else {
                Ok(String::new())
            }
        };
        let e = Lexicons::load(&read, &[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("common/countries.tsv:2:"), "{e}");
        assert!(e.contains("lat"), "{e}");
    }
}
