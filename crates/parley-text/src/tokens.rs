//! Word, number and punctuation tokens with byte spans into the document text.
//!
//! Italian elided articles become their own token ("dell'Ucraina" → `dell'` `Ucraina`),
//! English clitics too ("Turkey's" → `Turkey` `'s`, "didn't" → `did` `n't`), hyphens split
//! compounds ("russo-ucraini" → `russo` `-` `ucraini`), dotted acronyms stay whole
//! (`U.S.`), and numbers keep their separators (`1,000`, `2.5`). Lexicon forms are
//! tokenized by the same function so both sides always agree.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token: a byte span of the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// First character is upper case.
    pub cap: bool,
    /// All letters upper case and at least two of them (acronyms: `NATO`, `ONU`).
    pub upper: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// `u8::is_ascii_alphanumeric` as a table: one load a byte in the tokenizer's inner loop.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

const EN_CLITICS: [&str; 7] = ["s", "t", "ll", "re", "ve", "d", "m"];

/// Tokenizes `text[from..to]`; spans are offsets into `text`. `english` selects the
/// English clitic rule; otherwise an apostrophe closes an elided word (Italian, French).
pub fn tokenize(text: &str, from: usize, to: usize, english: bool, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        let c = match text[i..to].chars().next() {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < to {
                let b = bytes[j];
                if b.is_ascii_digit() {
                    j += 1;
                } else if (b == b'.' || b == b',') && j + 1 < to && bytes[j + 1].is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            // "2022s", "5th": letters glued to a number stay in the number token.
            while j < to && bytes[j].is_ascii_alphabetic() {
                j += 1;
            }
            out.push(Token {
                start: i,
                end: j,
                kind: TokenKind::Number,
                cap: false,
                upper: false,
            });
            i = j;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            let mut j = i;
            // Dotted acronym: X.Y. (single letters each followed by a dot).
            if let Some(end) = dotted_acronym(text, i, to) {
                push_word(text, start, end, out);
                i = end;
                continue;
            }
            let mut pushed = false;
            loop {
                // ASCII letters and digits in bulk; other characters one by one below
                j += bytes[j..to]
                    .iter()
                    .position(|&b| !ASCII_ALNUM[b as usize])
                    .unwrap_or(to - j);
                let Some(ch) = text[j..to].chars().next() else {
                    break;
                };
                if ch.is_alphanumeric() || is_mark(ch) {
                    j += ch.len_utf8();
                    continue;
                }
                if ch != '\'' {
                    break;
                }
                let after = j + 1;
                let next_is_letter = text[after.min(to)..to]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphabetic());
                if !next_is_letter {
                    if !english && j > start {
                        // "po'" and elisions before a space keep their apostrophe.
                        push_word(text, start, after, out);
                        j = after;
                        pushed = true;
                    }
                    break;
                }
                if english {
                    let rest_end = word_end(text, after, to);
                    let rest = &text[after..rest_end];
                    if EN_CLITICS.iter().any(|c| rest.eq_ignore_ascii_case(c)) {
                        let stem_lower = text[start..j].to_ascii_lowercase();
                        if rest.eq_ignore_ascii_case("t")
                            && stem_lower.ends_with('n')
                            && j - start > 1
                        {
                            push_word(text, start, j - 1, out); // did
                            push_word(text, j - 1, rest_end, out); // n't
                        } else {
                            push_word(text, start, j, out);
                            push_word(text, j, rest_end, out);
                        }
                        j = rest_end;
                        pushed = true;
                        break;
                    }
                    // O'Brien stays whole.
                    j = after;
                    continue;
                }
                // Elision: the apostrophe belongs to the first word.
                push_word(text, start, after, out);
                j = after;
                pushed = true;
                break;
            }
            if !pushed {
                push_word(text, start, j, out);
            }
            i = j.max(start + c.len_utf8());
            continue;
        }
        out.push(Token {
            start: i,
            end: i + c.len_utf8(),
            kind: TokenKind::Punct,
            cap: false,
            upper: false,
        });
        i += c.len_utf8();
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn word_end(text: &str, from: usize, to: usize) -> usize {
    let mut j = from;
    while let Some(ch) = text[j..to].chars().next() {
        if ch.is_alphanumeric() {
            j += ch.len_utf8();
        } else {
            break;
        }
    }
    j
}

fn dotted_acronym(text: &str, i: usize, to: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut j = i;
    let mut letters = 0;
    while j + 1 < to && b[j].is_ascii_alphabetic() && b[j + 1] == b'.' {
        letters += 1;
        j += 2;
    }
    if letters >= 2 && (j >= to || !b[j].is_ascii_alphanumeric()) {
        Some(j)
    } else {
        None
    }
}

fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if end <= start {
        return;
    }
    let s = &text[start..end];
    // most words start with a lower-case ASCII letter: neither capitalized nor all caps
    let (cap, letters, all_upper) = if s.as_bytes()[0].is_ascii_lowercase() {
        (false, 0, false)
    } else if s.is_ascii() {
        let b = s.as_bytes();
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        (
            b[0].is_ascii_uppercase(),
            letters,
            !b.iter().any(u8::is_ascii_lowercase),
        )
    } else {
        let mut letters = 0;
        let mut all_upper = true;
        for ch in s.chars() {
            if ch.is_alphabetic() {
                letters += 1;
                if !ch.is_uppercase() {
                    all_upper = false;
                }
            }
        }
        (
            s.chars().next().is_some_and(char::is_uppercase),
            letters,
            all_upper,
        )
    };
    out.push(Token {
        start,
        end,
        kind: TokenKind::Word,
        cap,
        upper: all_upper && letters >= 2,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str, en: bool) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(s, 0, s.len(), en, &mut v);
        v.iter().map(|t| t.text(s).to_string()).collect()
    }

    #[test]
    fn italian_elision_and_hyphens() {
        assert_eq!(
            toks("dell'Ucraina, colloqui russo-ucraini", false),
            ["dell'", "Ucraina", ",", "colloqui", "russo", "-", "ucraini"]
        );
        assert_eq!(
            toks("L'assistente all'Onu", false),
            ["L'", "assistente", "all'", "Onu"]
        );
    }

    #[test]
    fn english_clitics_acronyms_numbers() {
        assert_eq!(
            toks("Turkey's U.S. envoy didn't pay $1,000.50 in 2022.", true),
            [
                "Turkey", "'s", "U.S.", "envoy", "did", "n't", "pay", "$", "1,000.50", "in",
                "2022", "."
            ]
        );
        assert_eq!(toks("O'Brien said", true), ["O'Brien", "said"]);
    }

    #[test]
    fn flags() {
        let s = "NATO e Mosca";
        let mut v = Vec::new();
        tokenize(s, 0, s.len(), false, &mut v);
        assert!(v[0].upper && v[0].cap);
        assert!(!v[1].cap);
        assert!(v[2].cap && !v[2].upper);
    }
}
