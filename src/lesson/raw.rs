//! The first stage of loading: a faithful mirror of the lesson TOML, every field spanned.
//! Serde checks only the shape here (`deny_unknown_fields`, basic types); almost every field
//! is optional so that `validate` can report *all* missing or wrong values at once, each at
//! its own position. The doc comments on the fields are the lesson format's reference, and
//! the descriptions of the JSON Schema (`forkbook schema`), whose types the `schemars(with)`
//! attributes give where a field is spanned.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A spanned string.
pub type SStr = Spanned<String>;
/// A spanned table keyed by spanned names (order of the file is recovered from the spans).
pub type SMap<T> = BTreeMap<SStr, Spanned<T>>;

/// A whole lesson file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLesson {
    /// The lesson format version; must be 1.
    #[schemars(with = "Option<i64>")]
    pub format: Option<Spanned<i64>>,
    /// The lesson's id, `[a-z0-9_]+` (the file name of a built-in lesson).
    #[schemars(with = "Option<String>")]
    pub id: Option<SStr>,
    /// The chapter, ≥ 1.
    #[schemars(with = "Option<i64>")]
    pub chapter: Option<Spanned<i64>>,
    /// The position within the chapter, ≥ 1.
    #[schemars(with = "Option<i64>")]
    pub order: Option<Spanned<i64>>,
    /// The concept taught, in a few words.
    #[schemars(with = "Option<RawText>")]
    pub concept: Option<Spanned<RawText>>,
    /// The lesson's title.
    #[schemars(with = "Option<RawText>")]
    pub title: Option<Spanned<RawText>>,
    /// The story told before the program.
    #[schemars(with = "Option<RawText>")]
    pub story: Option<Spanned<RawText>>,
    /// The Python program acted out; its lines are numbered from 1.
    #[schemars(with = "Option<String>")]
    pub python: Option<SStr>,
    /// Settings the student may change, by name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawKnob>")]
    pub knobs: SMap<RawKnob>,
    /// The old step language's shared objects: accepted only to be reported (the program
    /// creates its own).
    #[schemars(skip)]
    pub resources: Option<Spanned<toml::Table>>,
    /// The old step language's scripts: accepted only to be reported (the program runs).
    #[schemars(skip)]
    pub scripts: Option<Spanned<toml::Table>>,
    /// Runs the tests perform and what must hold afterwards.
    #[serde(default)]
    #[schemars(with = "Vec<RawExpect>")]
    pub expect: Vec<Spanned<RawExpect>>,
    /// Questions the student answers before running.
    #[serde(default)]
    #[schemars(with = "Vec<RawQuestion>")]
    pub questions: Vec<Spanned<RawQuestion>>,
    /// Things the student makes happen by changing knobs or stepping processes by hand.
    #[serde(default)]
    #[schemars(with = "Vec<RawTask>")]
    pub tasks: Vec<Spanned<RawTask>>,
    /// The presenter's talking points, each for one line of the program.
    #[serde(default)]
    #[schemars(with = "Vec<RawNote>")]
    pub notes: Vec<Spanned<RawNote>>,
}

/// A text in English and Chinese: `{ en = "...", zh = "..." }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    /// English.
    #[schemars(with = "Option<String>")]
    pub en: Option<SStr>,
    /// Chinese.
    #[schemars(with = "Option<String>")]
    pub zh: Option<SStr>,
}

/// `[knobs.NAME]`
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawKnob {
    /// `"bool"`, `"int"` or `"choice"`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    pub kind: Option<SStr>,
    /// The value used when the student changes nothing (bool, integer or string per type).
    #[schemars(with = "Option<super::schema::Scalar>")]
    pub default: Option<Spanned<toml::Value>>,
    /// Smallest value of an `int` knob.
    #[schemars(with = "Option<i64>")]
    pub min: Option<Spanned<i64>>,
    /// Largest value of an `int` knob.
    #[schemars(with = "Option<i64>")]
    pub max: Option<Spanned<i64>>,
    /// The values of a `choice` knob.
    #[schemars(with = "Option<Vec<String>>")]
    pub choices: Option<Spanned<Vec<SStr>>>,
    /// What the knob changes.
    #[schemars(with = "Option<RawText>")]
    pub help: Option<Spanned<RawText>>,
    /// The program's module-level constant the knob sets (default: the knob's name in capitals,
    /// `use_lock` → `USE_LOCK`).
    #[schemars(with = "Option<String>")]
    pub constant: Option<SStr>,
}

/// `[[expect]]`
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    /// What this run shows, as a sentence.
    #[schemars(with = "Option<String>")]
    pub name: Option<SStr>,
    /// Knob values for this run.
    #[schemars(with = "Option<BTreeMap<String, super::schema::Scalar>>")]
    pub set: Option<Spanned<SMap<toml::Value>>>,
    /// A schedule in `--schedule` syntax.
    #[schemars(with = "Option<String>")]
    pub schedule: Option<SStr>,
    /// The random seed.
    #[schemars(with = "Option<i64>")]
    pub seed: Option<Spanned<i64>>,
    /// Conditions over the finished run, each must be true.
    #[schemars(with = "Option<Vec<String>>")]
    pub checks: Option<Spanned<Vec<SStr>>>,
}

/// `[[questions]]`
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// `[a-z0-9_]+`, unique among the lesson's questions and tasks (the key of the progress).
    #[schemars(with = "Option<String>")]
    pub id: Option<SStr>,
    /// The question, asked before the run.
    #[schemars(with = "Option<RawText>")]
    pub prompt: Option<Spanned<RawText>>,
    /// `"number"` or `"choice"`.
    #[schemars(with = "Option<String>")]
    pub kind: Option<SStr>,
    /// A choice question's options (at least two); not allowed on a number question.
    #[schemars(with = "Option<Vec<RawOption>>")]
    pub options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    /// An expression over the finished run, like an expectation check: the true answer.
    #[schemars(with = "Option<String>")]
    pub answer: Option<SStr>,
    /// Shown after the run: why the answer is what it is, and where to look.
    #[schemars(with = "Option<RawText>")]
    pub explain: Option<Spanned<RawText>>,
    /// Up to five hints, revealed one at a time.
    #[schemars(with = "Option<Vec<RawText>>")]
    pub hints: Option<Spanned<Vec<Spanned<RawText>>>>,
}

/// One option of a choice question: `{ value = true, en = "Yes", zh = "会" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    /// The value the answer is compared with: a bool, an integer or a string.
    #[schemars(with = "Option<super::schema::Scalar>")]
    pub value: Option<Spanned<toml::Value>>,
    /// The label in English.
    #[schemars(with = "Option<String>")]
    pub en: Option<SStr>,
    /// The label in Chinese.
    #[schemars(with = "Option<String>")]
    pub zh: Option<SStr>,
}

/// `[[tasks]]`
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// `[a-z0-9_]+`, unique among the lesson's questions and tasks.
    #[schemars(with = "Option<String>")]
    pub id: Option<SStr>,
    /// What to reach, and how it is checked, in plain words.
    #[schemars(with = "Option<RawText>")]
    pub goal: Option<Spanned<RawText>>,
    /// An expression over the finished run, like an expectation check: reached when true.
    #[schemars(with = "Option<String>")]
    pub check: Option<SStr>,
    /// Up to five hints, revealed one at a time.
    #[schemars(with = "Option<Vec<RawText>>")]
    pub hints: Option<Spanned<Vec<Spanned<RawText>>>>,
}

/// `[[notes]]`: a talking point shown under the code in presenter mode while a process stands
/// at its line.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    /// The line of the `python` program it is about, from 1.
    #[schemars(with = "Option<i64>")]
    pub line: Option<Spanned<i64>>,
    /// The note in English.
    #[schemars(with = "Option<String>")]
    pub en: Option<SStr>,
    /// The note in Chinese.
    #[schemars(with = "Option<String>")]
    pub zh: Option<SStr>,
}

/// Entries of a spanned map in the order they appear in the file.
pub fn in_file_order<T>(map: &SMap<T>) -> Vec<(&SStr, &Spanned<T>)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}
