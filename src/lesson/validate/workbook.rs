//! The workbook: `[[questions]]` the student answers before a run and `[[tasks]]` to make
//! happen in one. A question's `answer` and a task's `check` are expressions over the finished
//! run, checked exactly like expectation checks; every text needs both languages; ids are
//! unique across questions and tasks; a choice question's options have distinct values of the
//! kind its answer gives, when that is plain from the answer's shape.

use std::ops::Range;

use toml::Spanned;

use super::Cx;
use super::decls::Decls;
use crate::lesson::check::{Expr, ExprKind};
use crate::lesson::diagnostic::did_you_mean;
use crate::lesson::raw::{RawLesson, RawOption, RawQuestion, RawTask, RawText, SStr};
use crate::lesson::{Choice, Question, QuestionKind, Task, Text};
use crate::value::{BinOp, Value};

/// The kinds of question.
const KINDS: &[&str] = &["number", "choice"];

/// Most hints a question or task may have.
pub const MAX_HINTS: usize = 5;

/// An id already used, and by what: for the duplicate-id message.
struct Seen {
    id: String,
    what: &'static str,
    line: u32,
}

impl Cx<'_> {
    /// Checks every question and task.
    pub(super) fn workbook(&mut self, raw: &RawLesson, decls: &Decls) -> (Vec<Question>, Vec<Task>) {
        let mut seen = Vec::new();
        let questions = raw.questions.iter().filter_map(|q| self.question(q, decls, &mut seen)).collect();
        let tasks = raw.tasks.iter().filter_map(|t| self.task(t, decls, &mut seen)).collect();
        (questions, tasks)
    }

    fn question(&mut self, q: &Spanned<RawQuestion>, decls: &Decls, seen: &mut Vec<Seen>) -> Option<Question> {
        let r = q.get_ref();
        let id = self.workbook_id(r.id.as_ref(), q.span(), "question", seen);
        let label = id.as_ref().map_or_else(|| "question".to_string(), |id| format!("question '{id}'"));
        let prompt = self.required_text(r.prompt.as_ref(), "prompt", &label, q.span());
        let answer = match &r.answer {
            Some(a) => self.check(a, decls),
            None => {
                self.error(
                    q.span(),
                    format!("{label} has no 'answer'"),
                    Some("add answer = 'printed(\"...\")': an expression over the run, like a check".into()),
                );
                None
            }
        };
        let shape = answer.as_ref().and_then(|a| shape(&a.expr));
        let kind = self.question_kind(r, &label, q.span(), shape, answer.is_some());
        if let (Some(QuestionKind::Number), Some(a), Some(s @ (Shape::Truth | Shape::Text))) = (&kind, &r.answer, shape)
        {
            let pos = self.string_origin(a);
            self.error_at(
                pos,
                format!("the answer of number {label} is {}, not a number", s.describe()),
                Some("count something, e.g. printed(\"...\"), or make it a choice question".into()),
            );
        }
        let explain = self.required_text(r.explain.as_ref(), "explain", &label, q.span());
        let hints = self.hints(r.hints.as_ref());
        Some(Question { id: id?, prompt, kind: kind?, answer: answer?, explain, hints })
    }

    fn task(&mut self, t: &Spanned<RawTask>, decls: &Decls, seen: &mut Vec<Seen>) -> Option<Task> {
        let r = t.get_ref();
        let id = self.workbook_id(r.id.as_ref(), t.span(), "task", seen);
        let label = id.as_ref().map_or_else(|| "task".to_string(), |id| format!("task '{id}'"));
        let goal = self.required_text(r.goal.as_ref(), "goal", &label, t.span());
        let check = match &r.check {
            Some(c) => self.check(c, decls),
            None => {
                self.error(
                    t.span(),
                    format!("{label} has no 'check'"),
                    Some("add check = 'printed(\"...\") > 0': reached when it is true after a run".into()),
                );
                None
            }
        };
        let hints = self.hints(r.hints.as_ref());
        Some(Task { id: id?, goal, check: check?, hints })
    }

    /// A question's or task's id: present, made of `a-z0-9_`, and not used before.
    fn workbook_id(
        &mut self,
        id: Option<&SStr>,
        at: Range<usize>,
        what: &'static str,
        seen: &mut Vec<Seen>,
    ) -> Option<String> {
        let Some(id) = id else {
            self.error(at, format!("{what} has no 'id'"), Some("add id = \"my_id\" (a-z, 0-9 and '_')".into()));
            return None;
        };
        let text = id.get_ref();
        let line = self.pos(&id.span()).line;
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            self.error(
                id.span(),
                format!("{what} id '{text}' is not made of a-z, 0-9 and '_'"),
                Some("e.g. id = \"oversold\"".into()),
            );
        } else if let Some(first) = seen.iter().find(|s| s.id == *text) {
            self.error(
                id.span(),
                format!("id '{text}' is already used by the {} at line {}", first.what, first.line),
                Some("give each question and task its own id".into()),
            );
        } else {
            seen.push(Seen { id: text.clone(), what, line });
        }
        Some(text.clone())
    }

    /// A required text of a question or task; a missing one is reported at its table.
    fn required_text(&mut self, t: Option<&Spanned<RawText>>, field: &str, label: &str, at: Range<usize>) -> Text {
        match t {
            Some(t) => self.text(Some(t), field),
            None => {
                self.error(
                    at,
                    format!("{label} has no '{field}'"),
                    Some(format!("add {field} = {{ en = \"...\", zh = \"...\" }}")),
                );
                Text::default()
            }
        }
    }

    /// The kind, and for a choice question its options. `shape` is what the answer gives
    /// (when plain), `answered` whether the answer parsed at all.
    fn question_kind(
        &mut self,
        r: &RawQuestion,
        label: &str,
        at: Range<usize>,
        shape: Option<Shape>,
        answered: bool,
    ) -> Option<QuestionKind> {
        let Some(kind) = &r.kind else {
            self.error(at, format!("{label} has no 'kind'"), Some("add kind = \"number\" or kind = \"choice\"".into()));
            return None;
        };
        match kind.get_ref().as_str() {
            "number" => {
                if let Some(o) = &r.options {
                    self.error(
                        o.span(),
                        "'options' does not apply to a number question".into(),
                        Some("remove them, or write kind = \"choice\"".into()),
                    );
                }
                Some(QuestionKind::Number)
            }
            "choice" => {
                let Some(list) = &r.options else {
                    self.error(
                        kind.span(),
                        format!("choice {label} has no 'options'"),
                        Some(
                            "add options = [{ value = true, en = \"Yes\", zh = \"会\" }, \
                             { value = false, en = \"No\", zh = \"不会\" }]"
                                .into(),
                        ),
                    );
                    return None;
                };
                if list.get_ref().len() < 2 {
                    self.error(
                        list.span(),
                        format!("choice {label} has {} option(s)", list.get_ref().len()),
                        Some("give it at least two to choose from".into()),
                    );
                }
                let mut options: Vec<Choice> = Vec::new();
                for o in list.get_ref() {
                    if let Some(choice) = self.option(o, &options, if answered { shape } else { None }) {
                        options.push(choice);
                    }
                }
                Some(QuestionKind::Choice { options })
            }
            other => {
                let hint = did_you_mean(other, KINDS.iter().copied())
                    .unwrap_or_else(|| "use kind = \"number\" or kind = \"choice\"".into());
                self.error(kind.span(), format!("unknown question kind '{other}'"), Some(hint));
                None
            }
        }
    }

    /// One option: a value of a usable type, not used by an earlier option, and labels in
    /// both languages.
    fn option(&mut self, o: &Spanned<RawOption>, earlier: &[Choice], shape: Option<Shape>) -> Option<Choice> {
        let r = o.get_ref();
        let label = self.text_parts(o.span(), &r.en, &r.zh, "options");
        let Some(raw_value) = &r.value else {
            self.error(
                o.span(),
                "option has no 'value'".into(),
                Some("add value = true, an integer or a string".into()),
            );
            return None;
        };
        let value = match raw_value.get_ref() {
            toml::Value::Boolean(b) => Value::Bool(*b),
            toml::Value::Integer(i) => Value::Int(*i),
            toml::Value::String(s) => Value::Str(s.clone()),
            other => {
                self.error(
                    raw_value.span(),
                    format!("option value '{other}' is not a bool, integer or string"),
                    Some("the answer is compared with it: use true, false, a whole number or a string".into()),
                );
                return None;
            }
        };
        // As written in the file: `true`, not Python's `True`.
        let shown = match raw_value.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if earlier.iter().any(|c| c.value == value) {
            self.error(
                raw_value.span(),
                format!("option value '{shown}' is listed twice"),
                Some("give each option its own value".into()),
            );
        } else if let Some(shape) = shape
            && !shape.can_equal(&value)
        {
            self.error(
                raw_value.span(),
                format!("option value '{shown}' can never equal the answer, which is {}", shape.describe()),
                Some(shape.value_hint().into()),
            );
        }
        Some(Choice { value, label })
    }

    /// Up to `MAX_HINTS` hints, each in both languages.
    fn hints(&mut self, hints: Option<&Spanned<Vec<Spanned<RawText>>>>) -> Vec<Text> {
        let Some(hints) = hints else { return Vec::new() };
        if let Some(extra) = hints.get_ref().get(MAX_HINTS) {
            self.error(
                extra.span(),
                format!("more than {MAX_HINTS} hints"),
                Some(format!("keep the {MAX_HINTS} that help most")),
            );
        }
        hints.get_ref().iter().map(|h| self.text(Some(h), "hints")).collect()
    }
}

/// What an answer gives, as far as its outermost operation tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// An integer (or a line's position, or `None` when the line never printed).
    Number,
    /// `True` or `False`.
    Truth,
    /// A printed text (`earliest`), or `None`.
    Text,
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::Number => "a number",
            Shape::Truth => "true or false",
            Shape::Text => "a printed text",
        }
    }

    fn value_hint(self) -> &'static str {
        match self {
            Shape::Number => "use whole numbers as values",
            Shape::Truth => "use value = true and value = false",
            Shape::Text => "use the texts themselves as values, e.g. value = \"456\"",
        }
    }

    /// Whether a value of this shape may equal `v` (`True == 1`, as in Python).
    fn can_equal(self, v: &Value) -> bool {
        match self {
            Shape::Number | Shape::Truth => matches!(v, Value::Int(_) | Value::Bool(_)),
            Shape::Text => matches!(v, Value::Str(_)),
        }
    }
}

/// The shape of an answer when its outermost operation makes it plain; `None` for knob
/// names, indexing, `and`/`or` and the like.
fn shape(e: &Expr) -> Option<Shape> {
    match &e.kind {
        ExprKind::Const(Value::Int(_) | Value::Float(_)) | ExprKind::Neg(_) => Some(Shape::Number),
        ExprKind::Const(Value::Bool(_)) | ExprKind::Not(_) | ExprKind::Compare { .. } => Some(Shape::Truth),
        ExprKind::Const(Value::Str(_)) | ExprKind::FString(_) => Some(Shape::Text),
        // `+`, `*` and `%` also join, repeat and format strings.
        ExprKind::Binary { op: BinOp::Add | BinOp::Mul | BinOp::Mod, left, right } => {
            match (shape(left), shape(right)) {
                (Some(Shape::Text), _) | (_, Some(Shape::Text)) => Some(Shape::Text),
                (Some(_), Some(_)) => Some(Shape::Number),
                _ => None,
            }
        }
        ExprKind::Binary { .. } => Some(Shape::Number),
        ExprKind::Call { func, .. } => match func.as_str() {
            "printed" | "printed_containing" | "first" | "last" | "first_containing" | "last_containing"
            | "exitcode" | "raised" | "max_holders" | "max_waiters" | "len" | "processes" | "duration_ms" => {
                Some(Shape::Number)
            }
            "audit_ok" | "deadlocked" | "stuck" => Some(Shape::Truth),
            "earliest" => Some(Shape::Text),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Pos;
    use crate::lesson::check::parse;

    fn shape_of(src: &str) -> Option<Shape> {
        let at = |offset: usize| Pos { line: 1, col: 1 + offset as u32 };
        shape(&parse(src, "t", &at).0.expect("parses"))
    }

    #[test]
    fn answer_shapes_follow_the_outermost_operation() {
        assert_eq!(shape_of("printed(\"a\")"), Some(Shape::Number));
        assert_eq!(shape_of("printed(\"a\") > tickets"), Some(Shape::Truth));
        assert_eq!(shape_of("0 < printed(\"a\") <= tickets"), Some(Shape::Truth));
        assert_eq!(shape_of("\"a\" in earliest(\"a\", \"b\")"), Some(Shape::Truth));
        assert_eq!(shape_of("not audit_ok()"), Some(Shape::Truth));
        assert_eq!(shape_of("earliest(\"a\", \"b\")"), Some(Shape::Text));
        assert_eq!(shape_of("f\"{tickets}\""), Some(Shape::Text));
        assert_eq!(shape_of("\"%d\" % tickets"), Some(Shape::Text));
        assert_eq!(shape_of("printed(\"a\") - tickets"), Some(Shape::Number));
        assert_eq!(shape_of("printed(\"a\") * 2"), Some(Shape::Number));
        assert_eq!(shape_of("tickets"), None);
        assert_eq!(shape_of("tickets + 1"), None);
        assert_eq!(shape_of("items(\"q\")[0]"), None);
    }
}
