//! Sentence boundaries: every line break ends a sentence (headlines and paragraphs have
//! no final stop); inside a line, `.`, `!`, `?` end one when followed by a capital, a digit
//! or an opening quote, unless the word before the stop is an abbreviation, an initial or
//! a title. Closing quotes and brackets stay with their sentence.
//!
//! Abbreviation lists are language data (see `lexicons/*/grammar.tsv`), passed in.

/// A sentence as a byte span of the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into sentences. `is_abbrev` receives the lower-cased word before a
/// stop (without the stop) and says whether the stop belongs to an abbreviation.
pub fn split_sentences(text: &str, is_abbrev: &dyn Fn(&str) -> bool) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, is_abbrev, &mut out);
        line_start = line_end;
    }
    out
}

fn split_line(
    text: &str,
    from: usize,
    to: usize,
    is_abbrev: &dyn Fn(&str) -> bool,
    out: &mut Vec<SentenceSpan>,
) {
    let b = text.as_bytes();
    let mut start = from;
    let mut i = from;
    while i < to {
        let c = b[i];
        if c == b'.' || c == b'!' || c == b'?' {
            let mut j = i + 1;
            // runs of stops ("?!", "...")
            while j < to && matches!(b[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            // closing quotes/brackets stay in this sentence
            while j < to && matches!(b[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            if j >= to || !b[j].is_ascii_whitespace() {
                i = j;
                continue;
            }
            let mut k = j;
            while k < to && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k >= to {
                i = k;
                continue;
            }
            let next = text[k..to].chars().next().unwrap_or(' ');
            let opens = next.is_uppercase()
                || next.is_ascii_digit()
                || matches!(next, '"' | '(' | '\'' | '-');
            if !opens {
                i = j;
                continue;
            }
            if c == b'.' && j == i + 1 && !text[..i].ends_with('.') {
                // word before the stop
                // the position after the last char that is not part of the word: found by
                // char_indices so a multi-byte char ('€', 'È') never splits
                let wstart = text[start..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '.'))
                    .map(|(p, ch)| start + p + ch.len_utf8())
                    .unwrap_or(start);
                let word = &text[wstart..i];
                let single_initial =
                    word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                let lw = word.to_lowercase();
                if single_initial || (!word.is_empty() && is_abbrev(&lw)) || lw.contains('.') {
                    i = j;
                    continue;
                }
            }
            push(text, start, j, out);
            start = k;
            i = k;
            continue;
        }
        i += 1;
    }
    push(text, start, to, out);
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<SentenceSpan>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let st = start + lead;
    out.push(SentenceSpan {
        start: st,
        end: st + trimmed.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        let ab = |w: &str| ["sig", "dott", "gen", "mr", "dr", "st", "prof", "on"].contains(&w);
        split_sentences(t, &ab)
            .iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn lines_and_stops() {
        assert_eq!(
            split("Titolo senza punto\nPrima frase. Seconda frase! Terza?"),
            [
                "Titolo senza punto",
                "Prima frase.",
                "Seconda frase!",
                "Terza?"
            ]
        );
    }

    #[test]
    fn abbreviations_initials_numbers_acronyms() {
        assert_eq!(
            split("Il gen. Rossi ha incontrato J. Smith a Roma. Poi è partito."),
            [
                "Il gen. Rossi ha incontrato J. Smith a Roma.",
                "Poi è partito."
            ]
        );
        assert_eq!(
            split("Mr. Blinken met U.S. officials on 3.5 issues. They agreed."),
            [
                "Mr. Blinken met U.S. officials on 3.5 issues.",
                "They agreed."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_sentence() {
        assert_eq!(
            split("\"Siamo pronti.\" Lo ha detto il ministro. \"Penso di sì\", ha detto."),
            [
                "\"Siamo pronti.\"",
                "Lo ha detto il ministro.",
                "\"Penso di sì\", ha detto."
            ]
        );
    }

    #[test]
    fn multibyte_char_before_the_word_before_a_stop() {
        // a currency sign or accented capital right before the last word of a sentence
        assert_eq!(
            split("It cost US$8000 or €7000. The site closed."),
            ["It cost US$8000 or €7000.", "The site closed."]
        );
        assert_eq!(
            split("Costa €7000. È finita. Visto «Roma». Poi “x”. Fine."),
            [
                "Costa €7000.",
                "È finita.",
                "Visto «Roma».",
                "Poi “x”.",
                "Fine."
            ]
        );
    }

    #[test]
    fn lower_case_after_stop_does_not_split() {
        assert_eq!(
            split("Alle 3 p.m. la riunione. e poi basta"),
            ["Alle 3 p.m. la riunione. e poi basta"]
        );
    }
}
