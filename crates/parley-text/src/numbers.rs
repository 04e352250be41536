//! Numbers written in words or digits: "mille", "trenta", "duemila", "ventuno",
//! "two hundred", "1,000", "1.000" (Italian thousands), "2.5", "3 million".
//!
//! Reads one token at a time so the caller can combine "two hundred thousand".
//! Not a general text-to-number converter for every language.

use crate::Lang;

/// Value of a digit token: `1,000` / `1.000` (Italian) / `2.5`.
pub fn parse_digits(tok: &str, lang: Lang) -> Option<f64> {
    let t = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if t.is_empty() {
        return None;
    }
    let (thousands, decimal) = match lang {
        Lang::It => ('.', ','),
        Lang::En => (',', '.'),
    };
    // "1.000" in Italian is a thousand, but "2.5" written the English way in Italian text
    // is still 2.5: a separator followed by exactly three digits groups thousands.
    let mut cleaned = String::with_capacity(t.len());
    let parts: Vec<&str> = t.split(thousands).collect();
    if parts.len() > 1
        && parts[1..]
            .iter()
            .all(|p| p.len() == 3 || p.contains(decimal))
    {
        cleaned.push_str(&parts.concat());
    } else {
        cleaned.push_str(&t.replace(thousands, "."));
    }
    cleaned = cleaned.replace(decimal, ".");
    cleaned.parse().ok()
}

/// Value of a number word ("trenta", "mille", "duemila", "ventitré", "thousand", "dozen").
/// Returns `(value, is_multiplier)`: multipliers (hundred, thousand, million, mila, milioni)
/// scale what comes before them.
pub fn word_value(lower: &str, lang: Lang) -> Option<(f64, bool)> {
    match lang {
        Lang::En => en_word(lower),
        Lang::It => it_word(lower),
    }
}

fn en_word(w: &str) -> Option<(f64, bool)> {
    let v = match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        "dozens" => 24.0,
        "hundred" | "hundreds" => return Some((100.0, true)),
        "thousand" | "thousands" => return Some((1000.0, true)),
        "million" | "millions" => return Some((1e6, true)),
        "billion" | "billions" => return Some((1e9, true)),
        _ => return None,
    };
    Some((v, false))
}

const IT_UNITS: [(&str, f64); 19] = [
    ("uno", 1.0),
    ("due", 2.0),
    ("tre", 3.0),
    ("quattro", 4.0),
    ("cinque", 5.0),
    ("sei", 6.0),
    ("sette", 7.0),
    ("otto", 8.0),
    ("nove", 9.0),
    ("dieci", 10.0),
    ("undici", 11.0),
    ("dodici", 12.0),
    ("tredici", 13.0),
    ("quattordici", 14.0),
    ("quindici", 15.0),
    ("sedici", 16.0),
    ("diciassette", 17.0),
    ("diciotto", 18.0),
    ("diciannove", 19.0),
];
const IT_TENS: [(&str, f64); 8] = [
    ("venti", 20.0),
    ("trenta", 30.0),
    ("quaranta", 40.0),
    ("cinquanta", 50.0),
    ("sessanta", 60.0),
    ("settanta", 70.0),
    ("ottanta", 80.0),
    ("novanta", 90.0),
];

fn it_word(w: &str) -> Option<(f64, bool)> {
    match w {
        "un" | "una" => return None, // articles far more often than numbers
        "milione" | "milioni" => return Some((1e6, true)),
        "miliardo" | "miliardi" => return Some((1e9, true)),
        "decina" | "decine" => return Some((10.0, false)),
        "centinaia" => return Some((100.0, false)),
        "migliaia" => return Some((1000.0, false)),
        _ => {}
    }
    it_compound(w).map(|v| (v, false))
}

/// Italian number words are written as one word: "duemilacinquecentoventitré".
fn it_compound(w: &str) -> Option<f64> {
    if w.is_empty() {
        return None;
    }
    let replaced;
    let w = if w.contains(['é', 'è']) {
        replaced = w.replace(['é', 'è'], "e");
        replaced.as_str()
    } else {
        w
    };
    // Every number word starts with a unit, a tens word (or its stem), "cento" or
    // "mille": most words are turned away by their first three letters.
    let head = w.get(..3)?;
    let starts = |n: &str| n.starts_with(head);
    if !(IT_UNITS.iter().any(|(n, _)| starts(n))
        || IT_TENS.iter().any(|(n, _)| starts(n))
        || starts("cento")
        || starts("mille"))
    {
        return None;
    }
    if w == "mille" {
        return Some(1000.0);
    }
    if let Some(pos) = w.find("mila") {
        let head = if pos == 0 {
            None
        } else {
            it_below_thousand(&w[..pos])
        };
        let tail = &w[pos + 4..];
        let tail_v = if tail.is_empty() {
            0.0
        } else {
            it_below_thousand(tail)?
        };
        return Some(head? * 1000.0 + tail_v);
    }
    if let Some(rest) = w.strip_prefix("mille") {
        return Some(1000.0 + it_below_thousand(rest)?);
    }
    it_below_thousand(w)
}

fn it_below_thousand(w: &str) -> Option<f64> {
    if w.is_empty() {
        return None;
    }
    if let Some(pos) = w.find("cento") {
        let head = if pos == 0 {
            1.0
        } else {
            it_below_hundred(&w[..pos])?
        };
        let tail = &w[pos + 5..];
        let tail_v = if tail.is_empty() {
            0.0
        } else {
            it_below_hundred(tail)?
        };
        return Some(head * 100.0 + tail_v);
    }
    it_below_hundred(w)
}

fn it_below_hundred(w: &str) -> Option<f64> {
    if let Some(&(_, v)) = IT_UNITS.iter().find(|(n, _)| *n == w) {
        return Some(v);
    }
    for (t, tv) in IT_TENS {
        // "ventuno", "trentotto": the tens word drops its vowel before uno/otto.
        let stem = &t[..t.len() - 1];
        if w == t {
            return Some(tv);
        }
        if let Some(rest) = w.strip_prefix(t).or_else(|| w.strip_prefix(stem)) {
            let rest = if rest == "tre" { "tre" } else { rest };
            if let Some(&(_, u)) = IT_UNITS[..9].iter().find(|(n, _)| *n == rest) {
                return Some(tv + u);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_words() {
        for (w, v) in [
            ("mille", 1000.0),
            ("trenta", 30.0),
            ("duemila", 2000.0),
            ("ventitré", 23.0),
            ("ventuno", 21.0),
            ("trentotto", 38.0),
            ("duecento", 200.0),
            ("milleduecentocinquanta", 1250.0),
            ("quattro", 4.0),
            ("centomila", 100000.0),
            // one word for each way a number word can start (the quick first-letters test)
            ("uno", 1.0),
            ("tré", 3.0),
            ("sei", 6.0),
            ("sette", 7.0),
            ("otto", 8.0),
            ("nove", 9.0),
            ("dieci", 10.0),
            ("undici", 11.0),
            ("dodici", 12.0),
            ("tredicimila", 13000.0),
            ("quattordici", 14.0),
            ("quindicimila", 15000.0),
            ("sedici", 16.0),
            ("diciannovemila", 19000.0),
            ("quarantadue", 42.0),
            ("cinquantamila", 50000.0),
            ("sessantotto", 68.0),
            ("settantatré", 73.0),
            ("ottantacinque", 85.0),
            ("novantanove", 99.0),
            ("cinquecentoventi", 520.0),
            ("seicentomila", 600000.0),
            ("millenovecentoquaranta", 1940.0),
        ] {
            assert_eq!(word_value(w, Lang::It), Some((v, false)), "{w}");
        }
        assert_eq!(word_value("milioni", Lang::It), Some((1e6, true)));
        assert_eq!(word_value("una", Lang::It), None);
        for w in [
            "tregua",
            "ministro",
            "trattativa",
            "settimana",
            "novembre",
            "centro",
            "mi",
        ] {
            assert_eq!(word_value(w, Lang::It), None, "{w}");
        }
    }

    #[test]
    fn english_words_and_digits() {
        assert_eq!(word_value("two", Lang::En), Some((2.0, false)));
        assert_eq!(word_value("hundred", Lang::En), Some((100.0, true)));
        assert_eq!(parse_digits("1,000", Lang::En), Some(1000.0));
        assert_eq!(parse_digits("1.000", Lang::It), Some(1000.0));
        assert_eq!(parse_digits("2,5", Lang::It), Some(2.5));
        assert_eq!(parse_digits("2.5", Lang::En), Some(2.5));
        assert_eq!(parse_digits("30", Lang::It), Some(30.0));
    }
}
