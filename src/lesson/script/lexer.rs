//! The step language's lexer: turns the code part of one line (after `N|` and its indent)
//! into tokens, each with its file position. Durations become integer milliseconds; strings
//! keep their `{expr}` pieces as text with a position, parsed later by the parser (which
//! bounds how deeply they nest). A `#` outside strings ends the line.

use super::Pos;
use crate::lesson::diagnostic::Problem;

/// Words that are not names.
pub const KEYWORDS: &[&str] = &[
    "if", "elif", "else", "while", "for", "in", "repeat", "loop", "break", "continue", "pass", "try", "except", "as",
    "raise", "return", "and", "or", "not", "True", "False", "None",
];

/// Operators and punctuation, longest first so that `//` wins over `/`.
const SYMBOLS: &[&str] = &[
    "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", ",",
    ".", ":",
];

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An integer, or a duration in milliseconds.
    Int(i64),
    /// A string literal, pieces not yet parsed.
    Str(Vec<RawPart>),
    /// A name (not a keyword).
    Name(String),
    /// A keyword.
    Kw(&'static str),
    /// An operator or punctuation.
    Sym(&'static str),
}

/// A piece of a string literal before parsing: text, or the source of an `{expr}`.
#[derive(Clone, Debug, PartialEq)]
pub enum RawPart {
    Lit(String),
    Expr { text: String, pos: Pos },
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where its first character is in the lesson file.
    pub pos: Pos,
}

impl Tok {
    /// How the token reads in a message: `'acquire'`, `'('`, `a number`.
    pub fn describe(&self) -> String {
        match self {
            Tok::Int(n) => format!("'{n}'"),
            Tok::Str(_) => "a string".to_string(),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Kw(k) | Tok::Sym(k) => format!("'{k}'"),
        }
    }
}

/// Splits one line's code into tokens; `start` is the file position of its first char.
pub fn lex(code: &str, start: Pos) -> Result<Vec<Token>, (Problem, Pos)> {
    let chars: Vec<char> = code.chars().collect();
    let at = |i: usize| Pos { line: start.line, col: start.col.saturating_add(crate::lesson::diagnostic::to_u32(i)) };
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = at(i);
        if c == ' ' {
            i += 1;
        } else if c == '#' {
            break;
        } else if c == '\t' {
            return Err((Problem::new("tab in a script line".into(), Some("use spaces".into())), pos));
        } else if c.is_ascii_digit() {
            let (tok, next) = number(&chars, i).map_err(|p| (p, pos))?;
            toks.push(Token { tok, pos });
            i = next;
        } else if c == '"' || c == '\'' {
            let (parts, next) = string(&chars, i, &at)?;
            toks.push(Token { tok: Tok::Str(parts), pos });
            i = next;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = chars[i..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(chars.len(), |n| i + n);
            let word: String = chars[i..end].iter().collect();
            let tok = match KEYWORDS.iter().find(|k| **k == word) {
                Some(k) => Tok::Kw(k),
                None => Tok::Name(word),
            };
            toks.push(Token { tok, pos });
            i = end;
        } else if let Some(sym) =
            SYMBOLS.iter().find(|s| s.chars().enumerate().all(|(k, sc)| chars.get(i + k) == Some(&sc)))
        {
            toks.push(Token { tok: Tok::Sym(sym), pos });
            i += sym.chars().count();
        } else {
            let hint = match c {
                '{' | '}' => Some("braces belong inside strings: \"n = {n}\"".to_string()),
                '!' => Some("write 'not x' (or '!=' to compare)".to_string()),
                '&' | '|' => Some("write 'and' / 'or'".to_string()),
                _ => None,
            };
            return Err((Problem::new(format!("unexpected character '{c}'"), hint), pos));
        }
    }
    Ok(toks)
}

/// An integer or duration starting at `i`; returns the token and the index after it.
fn number(chars: &[char], i: usize) -> Result<(Tok, usize), Problem> {
    let digits_end =
        |from: usize| chars[from..].iter().position(|c| !c.is_ascii_digit()).map_or(chars.len(), |n| from + n);
    let int_end = digits_end(i);
    let whole: String = chars[i..int_end].iter().collect();
    let mut end = int_end;
    let mut frac = String::new();
    if chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
        let frac_end = digits_end(end + 1);
        frac = chars[end + 1..frac_end].iter().collect();
        end = frac_end;
    }
    let suffix_end =
        chars[end..].iter().position(|c| !(c.is_ascii_alphanumeric() || *c == '_')).map_or(chars.len(), |n| end + n);
    let suffix: String = chars[end..suffix_end].iter().collect();
    let text: String = chars[i..suffix_end].iter().collect();
    let too_big = || Problem::new(format!("number '{text}' is too large"), None);
    let unit_ms: i64 = match suffix.as_str() {
        "" if frac.is_empty() => 0,
        "" => {
            return Err(Problem::new(
                format!("fraction '{text}' outside a duration"),
                Some("numbers are whole; write durations like '1.5s' or '1500ms'".into()),
            ));
        }
        "ms" => 1,
        "s" => 1000,
        _ => {
            return Err(Problem::new(
                format!("unexpected '{suffix}' after the number in '{text}'"),
                Some("durations end in 'ms' or 's', e.g. '100ms', '2s'".into()),
            ));
        }
    };
    let value: i64 = whole.parse().map_err(|_| too_big())?;
    if unit_ms == 0 {
        return Ok((Tok::Int(value), suffix_end));
    }
    let mut ms = value.checked_mul(unit_ms).ok_or_else(too_big)?;
    if !frac.is_empty() {
        // Keep the fraction exact: '1.5s' is 1500 ms; finer than a millisecond is an error.
        let digits = frac.trim_end_matches('0');
        let scale = match unit_ms {
            1000 => 3,
            _ => 0,
        };
        if digits.len() > scale {
            return Err(Problem::new(
                format!("duration '{text}' is finer than a millisecond"),
                Some("round it to whole milliseconds".into()),
            ));
        }
        let padded = format!("{digits:0<scale$}");
        let extra: i64 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| too_big())? };
        ms = ms.checked_add(extra).ok_or_else(too_big)?;
    }
    Ok((Tok::Int(ms), suffix_end))
}

/// A string literal starting at the quote `i`; returns its pieces and the index after it.
fn string(chars: &[char], i: usize, at: &dyn Fn(usize) -> Pos) -> Result<(Vec<RawPart>, usize), (Problem, Pos)> {
    let quote = chars[i];
    let unterminated =
        || (Problem::new("unterminated string".into(), Some(format!("close it with {quote} on the same line"))), at(i));
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut j = i + 1;
    loop {
        let Some(&c) = chars.get(j) else { return Err(unterminated()) };
        match c {
            _ if c == quote => {
                if !lit.is_empty() || parts.is_empty() {
                    parts.push(RawPart::Lit(lit));
                }
                return Ok((parts, j + 1));
            }
            '\\' => {
                let esc = match chars.get(j + 1) {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('\\') => '\\',
                    Some('"') => '"',
                    Some('\'') => '\'',
                    Some(other) => {
                        return Err((
                            Problem::new(
                                format!("unknown escape '\\{other}'"),
                                Some("use \\n \\t \\\\ \\\" or \\'".into()),
                            ),
                            at(j),
                        ));
                    }
                    None => return Err(unterminated()),
                };
                lit.push(esc);
                j += 2;
            }
            '{' if chars.get(j + 1) == Some(&'{') => {
                lit.push('{');
                j += 2;
            }
            '}' if chars.get(j + 1) == Some(&'}') => {
                lit.push('}');
                j += 2;
            }
            '}' => {
                return Err((
                    Problem::new("single '}' in a string".into(), Some("write '}}' for a literal brace".into())),
                    at(j),
                ));
            }
            '{' => {
                let end = interpolation_end(chars, j + 1, quote).ok_or_else(|| {
                    (
                        Problem::new(
                            "unclosed '{' in a string".into(),
                            Some("close it with '}', or write '{{' for a literal brace".into()),
                        ),
                        at(j),
                    )
                })?;
                if !lit.is_empty() {
                    parts.push(RawPart::Lit(std::mem::take(&mut lit)));
                }
                let text: String = chars[j + 1..end].iter().collect();
                if text.trim().is_empty() {
                    return Err((
                        Problem::new(
                            "empty '{}' in a string".into(),
                            Some("put an expression inside, e.g. {n}".into()),
                        ),
                        at(j),
                    ));
                }
                parts.push(RawPart::Expr { text, pos: at(j + 1) });
                j = end + 1;
            }
            _ => {
                lit.push(c);
                j += 1;
            }
        }
    }
}

/// The index of the `}` closing an interpolation whose text starts at `from`. Strings in the
/// other quote are skipped; the enclosing string's own quote ends the search.
fn interpolation_end(chars: &[char], from: usize, quote: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        match c {
            _ if c == quote => return None,
            '"' | '\'' => {
                j += 1;
                while let Some(&d) = chars.get(j) {
                    if d == quote {
                        return None;
                    }
                    if d == '\\' {
                        j += 1;
                    } else if d == c {
                        break;
                    }
                    j += 1;
                }
            }
            '{' => depth += 1,
            '}' if depth == 0 => return Some(j),
            '}' => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(code: &str) -> Vec<Tok> {
        lex(code, Pos { line: 1, col: 1 }).expect("lexes").into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn durations_become_milliseconds() {
        assert_eq!(
            toks("100ms 2s 1.5s 0.25s 7"),
            vec![Tok::Int(100), Tok::Int(2000), Tok::Int(1500), Tok::Int(250), Tok::Int(7)]
        );
    }

    #[test]
    fn bad_numbers_are_reported() {
        assert!(lex("1.5", Pos { line: 1, col: 1 }).is_err());
        assert!(lex("3x", Pos { line: 1, col: 1 }).is_err());
        assert!(lex("1.5ms", Pos { line: 1, col: 1 }).is_err());
        assert!(lex("99999999999999999999", Pos { line: 1, col: 1 }).is_err());
    }

    #[test]
    fn longest_operator_wins_and_comments_end_the_line() {
        assert_eq!(toks("a // b # c"), vec![Tok::Name("a".into()), Tok::Sym("//"), Tok::Name("b".into())]);
        assert_eq!(toks("x += 1"), vec![Tok::Name("x".into()), Tok::Sym("+="), Tok::Int(1)]);
    }

    #[test]
    fn strings_keep_interpolations_with_positions() {
        let t = lex("print(\"a{n}b {{x}}\")", Pos { line: 3, col: 5 }).expect("lexes");
        let Tok::Str(parts) = &t[2].tok else { panic!("not a string: {t:?}") };
        assert_eq!(
            parts,
            &vec![
                RawPart::Lit("a".into()),
                RawPart::Expr { text: "n".into(), pos: Pos { line: 3, col: 14 } },
                RawPart::Lit("b {x}".into())
            ]
        );
    }

    #[test]
    fn escapes_and_other_quotes_inside_strings() {
        assert_eq!(toks(r#"'it\'s\n' "{'x'}""#).len(), 2);
        assert!(lex("\"abc", Pos { line: 1, col: 1 }).is_err());
        assert!(lex("\"a}\"", Pos { line: 1, col: 1 }).is_err());
        assert!(lex("\"{a\"", Pos { line: 1, col: 1 }).is_err());
    }
}
