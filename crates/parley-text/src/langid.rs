//! Language identification for whole documents: script first (Cyrillic, Arabic, CJK…),
//! then, for Latin script, the share of each language's most frequent function words.
//!
//! Function words are the most reliable signal on news prose and cost one hash lookup per
//! word. This module names many languages so unsupported ones can be reported; it is not
//! meant for single words or mixed-language sentences.

/// The outcome of identification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LangGuess {
    /// ISO 639-1 code, or `und` when undetermined.
    pub code: &'static str,
    /// English name of the language.
    pub name: &'static str,
    /// Share of function-word hits of the winner among all hits (0..1); 1 for script decisions.
    pub confidence: f32,
}

const LATIN: &[(&str, &str, &[&str])] = &[
    (
        "it",
        "Italian",
        &[
            "il", "lo", "la", "gli", "le", "di", "del", "della", "dei", "delle", "che", "è", "e",
            "un", "una", "per", "con", "non", "sono", "nel", "nella", "alla", "ha", "hanno",
            "anche", "più", "dall", "dell", "degli", "sulla", "tra", "questo", "ai", "al", "si",
            "ma", "come", "stato", "dopo", "secondo",
        ],
    ),
    (
        "en",
        "English",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by",
            "at", "from", "has", "have", "are", "were", "said", "it", "its", "this", "be", "an",
            "not", "which", "but", "after", "their", "they", "had", "will", "been", "would", "who",
        ],
    ),
    (
        "fr",
        "French",
        &[
            "le", "les", "des", "et", "est", "une", "du", "dans", "que", "qui", "pour", "pas",
            "sur", "au", "avec", "ce", "il", "sont", "par", "aux", "ont", "été", "leur", "mais",
            "cette", "selon", "entre", "après", "ses",
        ],
    ),
    (
        "es",
        "Spanish",
        &[
            "el", "los", "las", "del", "y", "que", "en", "por", "con", "para", "una", "es", "se",
            "su", "al", "como", "más", "pero", "sus", "fue", "ha", "este", "entre", "sobre",
            "también", "según", "tras", "han",
        ],
    ),
    (
        "pt",
        "Portuguese",
        &[
            "o", "os", "as", "do", "da", "dos", "das", "em", "no", "na", "que", "não", "uma", "um",
            "para", "com", "por", "foi", "ao", "mais", "se", "pelo", "pela", "nos", "entre",
            "sobre", "também", "após", "são",
        ],
    ),
    (
        "de",
        "German",
        &[
            "der", "die", "das", "und", "ist", "nicht", "den", "dem", "des", "ein", "eine", "zu",
            "mit", "sich", "auf", "für", "von", "im", "auch", "wird", "hat", "sind", "nach", "bei",
            "aus", "wie", "über", "einer", "dass",
        ],
    ),
    (
        "nl",
        "Dutch",
        &[
            "de", "het", "een", "en", "van", "dat", "niet", "zijn", "op", "te", "met", "voor",
            "werd", "ook", "door", "naar", "bij", "uit", "wordt", "heeft", "maar", "worden",
            "tegen",
        ],
    ),
    (
        "pl",
        "Polish",
        &[
            "i", "w", "nie", "na", "się", "z", "do", "że", "to", "jest", "o", "jak", "po", "przez",
            "ale", "od", "dla", "tak", "już", "oraz", "które", "został", "jego",
        ],
    ),
    (
        "tr",
        "Turkish",
        &[
            "ve", "bir", "bu", "için", "ile", "de", "da", "olarak", "çok", "daha", "ne", "gibi",
            "olan", "sonra", "kadar", "ancak", "ise", "değil", "her", "şekilde",
        ],
    ),
    (
        "ro",
        "Romanian",
        &[
            "și", "în", "de", "la", "cu", "că", "nu", "pe", "din", "care", "este", "o", "un",
            "sunt", "pentru", "mai", "au", "fost", "după", "această",
        ],
    ),
    (
        "sv",
        "Swedish",
        &[
            "och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
            "inte", "om", "ett", "var", "men", "från", "efter",
        ],
    ),
];

/// Identifies the language of `text` (a prefix of about 4 KB is enough).
pub fn identify(text: &str) -> LangGuess {
    let sample = prefix(text, 4096);
    // Script census.
    let (
        mut latin,
        mut cyr,
        mut arab,
        mut hebr,
        mut greek,
        mut han,
        mut kana,
        mut hangul,
        mut deva,
    ) = (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let (mut uk_letters, mut fa_letters) = (0u32, 0u32);
    for c in sample.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            '\u{0400}'..='\u{04FF}' => {
                cyr += 1;
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                    uk_letters += 1;
                }
            }
            '\u{0600}'..='\u{06FF}' => {
                arab += 1;
                if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی') {
                    fa_letters += 1;
                }
            }
            '\u{0590}'..='\u{05FF}' => hebr += 1,
            '\u{0370}'..='\u{03FF}' => greek += 1,
            '\u{4E00}'..='\u{9FFF}' => han += 1,
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{AC00}'..='\u{D7AF}' => hangul += 1,
            '\u{0900}'..='\u{097F}' => deva += 1,
            _ => {}
        }
    }
    let scripts = [latin, cyr, arab, hebr, greek, han + kana, hangul, deva];
    let best = scripts.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return LangGuess {
            code: "und",
            name: "undetermined",
            confidence: 0.0,
        };
    }
    let sure = |code, name| LangGuess {
        code,
        name,
        confidence: 1.0,
    };
    if best != latin {
        if best == cyr {
            return if uk_letters * 100 > cyr {
                sure("uk", "Ukrainian")
            } else {
                sure("ru", "Russian")
            };
        }
        if best == arab {
            return if fa_letters * 50 > arab {
                sure("fa", "Persian")
            } else {
                sure("ar", "Arabic")
            };
        }
        if best == hebr {
            return sure("he", "Hebrew");
        }
        if best == greek {
            return sure("el", "Greek");
        }
        if best == han + kana {
            return if kana > 0 {
                sure("ja", "Japanese")
            } else {
                sure("zh", "Chinese")
            };
        }
        if best == hangul {
            return sure("ko", "Korean");
        }
        return sure("hi", "Hindi");
    }
    let mut hits = [0u32; LATIN.len()];
    let mut total = 0u32;
    for w in sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let lw;
        let w = if w.chars().any(char::is_uppercase) {
            lw = w.to_lowercase();
            lw.as_str()
        } else {
            w
        };
        for (i, (_, _, words)) in LATIN.iter().enumerate() {
            if words.contains(&w) {
                hits[i] += 1;
                total += 1;
            }
        }
    }
    let (bi, &bh) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(_, h)| *h)
        .unwrap_or((0, &0));
    if bh < 2 {
        return LangGuess {
            code: "und",
            name: "undetermined",
            confidence: 0.0,
        };
    }
    let (code, name, _) = LATIN[bi];
    LangGuess {
        code,
        name,
        confidence: bh as f32 / total.max(1) as f32,
    }
}

fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_news_languages_apart() {
        let cases = [
            ("I colloqui tra le due delegazioni si sono conclusi dopo meno di due ore, secondo fonti diplomatiche.", "it"),
            ("The two delegations ended their talks after less than two hours, officials said on Friday.", "en"),
            ("Les deux délégations ont terminé leurs pourparlers après moins de deux heures, selon des sources.", "fr"),
            ("Las dos delegaciones terminaron las conversaciones tras menos de dos horas, según fuentes.", "es"),
            ("Die beiden Delegationen haben die Gespräche nach weniger als zwei Stunden beendet.", "de"),
            ("As duas delegações terminaram as conversas após menos de duas horas, segundo fontes.", "pt"),
            ("Переговоры между делегациями завершились менее чем через два часа.", "ru"),
            ("Переговори між делегаціями завершилися менш ніж за дві години, повідомили джерела.", "uk"),
            ("انتهت المحادثات بين الوفدين بعد أقل من ساعتين", "ar"),
            ("两国代表团的会谈在不到两个小时后结束", "zh"),
        ];
        for (text, want) in cases {
            assert_eq!(identify(text).code, want, "{text}");
        }
    }

    #[test]
    fn undetermined_on_no_words() {
        assert_eq!(identify("12345 ... !!!").code, "und");
        assert_eq!(identify("").code, "und");
    }
}
