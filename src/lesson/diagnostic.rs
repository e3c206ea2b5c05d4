//! Diagnostics: one problem in a lesson file, in the house style
//! `file:line:col: message — hint` (offending values in quotes, the fix last), plus the
//! "did you mean" helper every check uses, and the mapping from byte offsets to positions.

use std::fmt;

/// Where something stands in a lesson file: 1-based line and column (columns count chars).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One problem found in a lesson file (or in a `--set` argument, which has no position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name as given (a path or `builtin:ID`), or the argument at fault.
    pub file: String,
    /// 1-based line; 0 when the problem has no position (a command-line argument).
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// What is wrong, offending values in quotes.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at a position.
    pub fn at(file: &str, pos: Pos, message: String, hint: Option<String>) -> Self {
        Diagnostic { file: file.to_string(), line: pos.line, col: pos.col, message, hint }
    }

    /// A problem with the file as a whole, reported at line 1, column 1.
    pub fn whole_file(file: &str, message: String, hint: Option<String>) -> Self {
        Self::at(file, Pos { line: 1, col: 1 }, message, hint)
    }

    /// A problem without a position, e.g. in `--set x=1`; shown as `subject: message`.
    pub fn without_position(subject: &str, message: String, hint: Option<String>) -> Self {
        Diagnostic { file: subject.to_string(), line: 0, col: 0, message, hint }
    }

    /// Where it is, as a `Pos`.
    pub fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)?;
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// A message and hint not yet placed in a file; `at` places it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem with an optional hint.
    pub fn new(message: String, hint: Option<String>) -> Self {
        Problem { message, hint }
    }

    /// Places the problem at a position of a file.
    pub fn at(self, file: &str, pos: Pos) -> Diagnostic {
        Diagnostic::at(file, pos, self.message, self.hint)
    }
}

/// The candidate closest to `word` when it is close enough to be a likely typo.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = match word.chars().count() {
        0..=2 => 1,
        3..=5 => 2,
        n => n / 3 + 1,
    };
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let d = if c.to_lowercase() == lower { 0 } else { edit_distance(word, c) };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `Some("did you mean 'x'?")` when one candidate is close to `word`.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|c| format!("did you mean '{c}'?"))
}

/// Edit distance with adjacent transpositions counting one (`kidn` → `kind` is 1).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Long words are never typos of each other worth suggesting; keep this cheap.
    if a.len() > 64 || b.len() > 64 {
        return a.len().max(b.len());
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Quotes and joins names for a hint: `'a', 'b', 'c'`.
pub fn quoted_list<'a, I>(names: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    names.into_iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

/// Maps byte offsets of a source text to 1-based line and column (in characters).
#[derive(Debug)]
pub struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `src`.
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { src, starts }
    }

    /// The position of byte `offset` (clamped to the text, rounded down to a char boundary).
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self.src[start..offset].chars().count() + 1;
        Pos { line: to_u32(line), col: to_u32(col) }
    }
}

/// Saturating conversion for line and column numbers.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_display_in_house_style() {
        let d = Diagnostic::at(
            "lessons/lock.toml",
            Pos { line: 14, col: 9 },
            "unknown method 'aquire' on Lock 'lock'".into(),
            Some("did you mean 'acquire'?".into()),
        );
        assert_eq!(
            d.to_string(),
            "lessons/lock.toml:14:9: unknown method 'aquire' on Lock 'lock' — did you mean 'acquire'?"
        );
        let plain = Diagnostic::whole_file("x.toml", "empty".into(), None);
        assert_eq!(plain.to_string(), "x.toml:1:1: empty");
        let arg = Diagnostic::without_position("--set a=1", "unknown knob 'a'".into(), None);
        assert_eq!(arg.to_string(), "--set a=1: unknown knob 'a'");
    }

    #[test]
    fn did_you_mean_finds_typos_and_ignores_strangers() {
        assert_eq!(closest("aquire", ["acquire", "release"]), Some("acquire"));
        assert_eq!(closest("kidn", ["kind", "line"]), Some("kind"));
        assert_eq!(closest("Lock", ["lock"]), Some("lock"));
        assert_eq!(closest("zebra", ["acquire", "release"]), None);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn line_index_counts_columns_in_characters() {
        let idx = LineIndex::new("ab\n互斥x\n");
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), Pos { line: 2, col: 1 });
        assert_eq!(idx.pos(9), Pos { line: 2, col: 3 });
        assert_eq!(idx.pos(4), Pos { line: 2, col: 1 });
        assert_eq!(idx.pos(999), Pos { line: 3, col: 1 });
    }
}
