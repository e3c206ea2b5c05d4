//! The second stage of loading: turns the raw TOML mirror into a `Lesson`, checking
//! everything a lesson author can get wrong and collecting *all* problems, each at its
//! file position. The top-level fields and texts are checked here; the knobs, the program,
//! the expectations and the workbook (questions and tasks) each have a file under
//! `validate/`.

mod decls;
mod expect;
mod nesting;
mod notes;
mod program;
mod workbook;

use std::ops::Range;

use toml::Spanned;

use super::diagnostic::{Diagnostic, LineIndex, Pos, did_you_mean};
use super::raw::{RawLesson, RawText, SStr};
use super::{Lesson, Text};

/// Deepest nesting of TOML arrays and inline tables accepted.
pub const MAX_TOML_DEPTH: usize = 100;

/// Parses and validates a lesson's TOML text; `file_name` is used in diagnostics.
pub fn validate(src: &str, file_name: &str) -> Result<Lesson, Vec<Diagnostic>> {
    let mut cx = Cx { file: file_name, src, index: LineIndex::new(src), diags: Vec::new() };
    if src.trim().is_empty() {
        return Err(vec![Diagnostic::whole_file(
            file_name,
            "the lesson file is empty".into(),
            Some("start from lessons/TEMPLATE.toml".into()),
        )]);
    }
    if let Some(offset) = nesting::too_deep(src, MAX_TOML_DEPTH) {
        cx.error(
            offset..offset + 1,
            format!("arrays or tables nested more than {MAX_TOML_DEPTH} levels deep"),
            Some("a lesson never needs this; close the brackets".into()),
        );
        return Err(cx.diags);
    }
    let raw: RawLesson = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![cx.toml_error(&e)]),
    };
    let lesson = cx.lesson(raw);
    if cx.diags.is_empty() {
        lesson.ok_or_else(|| vec![Diagnostic::whole_file(file_name, "the lesson is incomplete".into(), None)])
    } else {
        let mut diags = cx.diags;
        diags.sort_by_key(Diagnostic::pos);
        Err(diags)
    }
}

/// The validation context: the file, its line index and the problems found so far.
struct Cx<'a> {
    file: &'a str,
    src: &'a str,
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn pos(&self, span: &Range<usize>) -> Pos {
        self.index.pos(span.start)
    }

    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        let pos = self.pos(&span);
        self.error_at(pos, message, hint);
    }

    fn error_at(&mut self, pos: Pos, message: String, hint: Option<String>) {
        self.diags.push(Diagnostic::at(self.file, pos, message, hint));
    }

    /// A missing required top-level field.
    fn missing(&mut self, field: &str, example: &str) {
        self.error_at(Pos { line: 1, col: 1 }, format!("missing '{field}'"), Some(format!("add `{example}`")));
    }

    /// Turns a TOML or serde error into a diagnostic at its span, in the house style.
    fn toml_error(&self, e: &toml::de::Error) -> Diagnostic {
        let pos = e.span().map_or(Pos { line: 1, col: 1 }, |s| self.pos(&s));
        let raw = e.message();
        let (message, hint) = if let Some(rest) = raw.strip_prefix("unknown field `") {
            let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = did_you_mean(field, allowed.iter().copied())
                .or_else(|| (!allowed.is_empty()).then(|| format!("allowed here: {}", allowed.join(", "))));
            (format!("unknown field '{field}'"), hint)
        } else if raw == "recursion limit" {
            ("keys nested too deeply".to_string(), Some("a lesson never needs this many dotted keys".into()))
        } else if let Some(rest) = raw.strip_prefix("invalid type: ") {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "something else"));
            let expected = match expected {
                "i64" | "u64" | "i32" | "u32" => "an integer",
                "a boolean" | "bool" => "true or false",
                other => other,
            };
            (format!("wrong type: {} where {expected} belongs", found.replace('`', "")), None)
        } else {
            (raw.replace('`', "'"), None)
        };
        Diagnostic::at(self.file, pos, message, hint)
    }

    /// Where the contents of a TOML string value start (after the quotes, and after the
    /// newline a multi-line string drops).
    fn string_origin(&self, s: &SStr) -> Pos {
        let span = s.span();
        let lit = self.src.get(span.clone()).unwrap_or("");
        let mut start = span.start;
        if lit.starts_with("'''") || lit.starts_with("\"\"\"") {
            start += 3;
            let after = self.src.get(start..).unwrap_or("");
            if after.starts_with("\r\n") {
                start += 2;
            } else if after.starts_with('\n') {
                start += 1;
            }
        } else if lit.starts_with('\'') || lit.starts_with('"') {
            start += 1;
        }
        self.index.pos(start)
    }

    fn lesson(&mut self, raw: RawLesson) -> Option<Lesson> {
        match &raw.format {
            None => self.missing("format", "format = 1"),
            Some(f) if *f.get_ref() != 1 => {
                self.error(
                    f.span(),
                    format!("unsupported format '{}'", f.get_ref()),
                    Some("this forkbook reads format = 1".into()),
                );
            }
            Some(_) => {}
        }
        let id = self.id(raw.id.as_ref());
        let chapter = self.positive(raw.chapter.as_ref(), "chapter");
        let order = self.positive(raw.order.as_ref(), "order");
        let concept = self.text(raw.concept.as_ref(), "concept");
        let title = self.text(raw.title.as_ref(), "title");
        let story = self.text(raw.story.as_ref(), "story");
        let python = match &raw.python {
            None => {
                self.missing("python", "python = '''...'''");
                String::new()
            }
            Some(p) if p.get_ref().trim().is_empty() => {
                self.error(
                    p.span(),
                    "the Python program is empty".into(),
                    Some("paste the program the lesson acts out".into()),
                );
                String::new()
            }
            Some(p) => p.get_ref().clone(),
        };
        let mut decls = self.declarations(&raw);
        self.old_tables(&raw);
        if let Some(p) = raw.python.as_ref().filter(|p| !p.get_ref().trim().is_empty()) {
            self.program(&raw, p, &mut decls);
        }
        let expectations = self.expectations(&raw, &decls);
        let (questions, tasks) = self.workbook(&raw, &decls);
        let notes = self.notes(&raw);
        Some(Lesson {
            source_name: self.file.to_string(),
            source: self.src.to_string(),
            folder: None,
            id: id?,
            chapter: chapter?,
            order: order?,
            concept,
            title,
            story,
            python,
            knobs: decls.knobs,
            expectations,
            questions,
            tasks,
            notes,
        })
    }

    fn id(&mut self, id: Option<&SStr>) -> Option<String> {
        let Some(id) = id else {
            self.missing("id", "id = \"my_lesson\"");
            return None;
        };
        let text = id.get_ref();
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            self.error(
                id.span(),
                format!("id '{text}' is not made of a-z, 0-9 and '_'"),
                Some("e.g. id = \"lock_tickets\"".into()),
            );
        }
        Some(text.clone())
    }

    fn positive(&mut self, n: Option<&Spanned<i64>>, field: &str) -> Option<u32> {
        let Some(n) = n else {
            self.missing(field, &format!("{field} = 1"));
            return None;
        };
        match u32::try_from(*n.get_ref()) {
            Ok(v) if v >= 1 => Some(v),
            _ => {
                self.error(
                    n.span(),
                    format!("'{field}' is '{}'", n.get_ref()),
                    Some("use a whole number from 1".into()),
                );
                None
            }
        }
    }

    /// A text in both languages; each missing or empty one is reported.
    fn text(&mut self, t: Option<&Spanned<RawText>>, field: &str) -> Text {
        let Some(t) = t else {
            self.missing(field, &format!("{field} = {{ en = \"...\", zh = \"...\" }}"));
            return Text::default();
        };
        self.text_parts(t.span(), &t.get_ref().en, &t.get_ref().zh, field)
    }

    /// The two languages of a text found at `span` (an option's label sits beside its value).
    fn text_parts(&mut self, span: Range<usize>, en: &Option<SStr>, zh: &Option<SStr>, field: &str) -> Text {
        let mut lang = |s: &Option<SStr>, code: &str, name: &str| match s {
            None => {
                self.error(
                    span.clone(),
                    format!("text missing in {name} ('{code}')"),
                    Some(format!("add {code} = \"...\" to '{field}'")),
                );
                String::new()
            }
            Some(s) if s.get_ref().trim().is_empty() => {
                self.error(
                    s.span(),
                    format!("text empty in {name} ('{code}')"),
                    Some(format!("write the {name} text of '{field}'")),
                );
                String::new()
            }
            Some(s) => s.get_ref().clone(),
        };
        let en = lang(en, "en", "English");
        let zh = lang(zh, "zh", "Chinese");
        Text { en, zh }
    }
}

#[cfg(test)]
mod tests;
