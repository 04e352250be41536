//! Snowball stems (Italian, English) so that lexicon lemmas match every inflection:
//! concordare / hanno concordato / concordano / concorderanno; agree / agreed / agreeing.
//!
//! Stems are computed once per distinct word form and kept in a per-thread cache, since
//! news vocabulary repeats heavily. This is not a lemmatiser: irregular forms whose stem
//! differs are listed in the lexicons.

use crate::Lang;
use rust_stemmers::Algorithm;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A stemmer for one language.
pub struct Stemmer {
    lang: Lang,
    inner: rust_stemmers::Stemmer,
}

const CACHE_LIMIT: usize = 200_000;

thread_local! {
    static CACHE: RefCell<[FxHashMap<Box<str>, Box<str>>; 2]> = RefCell::new([FxHashMap::default(), FxHashMap::default()]);
}

impl Stemmer {
    pub fn new(lang: Lang) -> Stemmer {
        let alg = match lang {
            Lang::It => Algorithm::Italian,
            Lang::En => Algorithm::English,
        };
        Stemmer {
            lang,
            inner: rust_stemmers::Stemmer::create(alg),
        }
    }

    /// The stem of a lower-case word, uncached.
    pub fn stem_uncached(&self, lower: &str) -> String {
        self.inner.stem(lower).into_owned()
    }

    /// Calls `f` with the stem of a lower-case word, using the thread's cache.
    pub fn with_stem<R>(&self, lower: &str, f: impl FnOnce(&str) -> R) -> R {
        let slot = self.lang as usize;
        CACHE.with(|c| {
            let mut caches = c.borrow_mut();
            let cache = &mut caches[slot];
            if let Some(s) = cache.get(lower) {
                return f(s);
            }
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            let s: Box<str> = self.inner.stem(lower).into();
            let r = f(&s);
            cache.insert(lower.into(), s);
            r
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_inflections_share_a_stem() {
        let s = Stemmer::new(Lang::It);
        let base = s.stem_uncached("concordare");
        for w in [
            "concordato",
            "concordano",
            "concorderanno",
            "concordarono",
            "concordata",
        ] {
            assert_eq!(s.stem_uncached(w), base, "{w}");
        }
    }

    #[test]
    fn english_inflections_share_a_stem() {
        let s = Stemmer::new(Lang::En);
        let base = s.stem_uncached("agree");
        for w in ["agreed", "agreeing", "agrees"] {
            assert_eq!(s.stem_uncached(w), base, "{w}");
        }
        assert_eq!(
            s.with_stem("talks", |x| x.to_string()),
            s.stem_uncached("talk")
        );
    }
}
