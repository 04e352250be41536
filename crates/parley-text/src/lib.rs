//! Text stages before any language knowledge: normalisation with a map back to the
//! original bytes, language identification, sentence splitting, tokens and stems.
//!
//! Nothing here knows about actors or events; lexicon-driven work lives in
//! `parley-lexicon` and `parley-code`.

pub mod langid;
pub mod normalize;
pub mod numbers;
pub mod sentences;
pub mod stem;
pub mod tokens;

pub use langid::{identify, LangGuess};
pub use normalize::{normalize, Normalized};
pub use sentences::{split_sentences, SentenceSpan};
pub use stem::Stemmer;
pub use tokens::{tokenize, Token, TokenKind};

/// Languages parley codes. Others are identified and named, then skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    It,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "it" | "ita" | "italian" => Some(Lang::It),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];
}
