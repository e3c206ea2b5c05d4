//! Lessons: one TOML file each, parsed and validated into a `Lesson`: the Python program that
//! runs, the knobs that set its module constants, and the workbook (questions, tasks) and
//! expectations graded over a run; or a plain `.py` file, the program alone. Loading is two
//! stages, as in ripgrep: `raw` mirrors the TOML (with spans), `validate` turns it into the
//! types below and collects *every* problem as a `Diagnostic` with `file:line:col`, a message
//! and a hint. Nothing here knows about processes or screens.

pub mod builtin;
pub mod changes;
pub mod check;
pub mod diagnostic;
pub mod folders;
pub mod knobs;
pub mod program;
pub mod raw;
pub mod schedule;
pub mod schema;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::text::Text;
pub use diagnostic::{Diagnostic, Pos};

use crate::value::Value;

/// A validated lesson, ready to run.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Where it came from: a path, or `builtin:ID` for an embedded lesson.
    pub source_name: String,
    /// The TOML text it was parsed from (the runner re-parses it after re-exec).
    pub source: String,
    /// The folder of a lesson file (made absolute), `None` for a built-in lesson: with the id,
    /// the key of its progress, so a file lesson never shares a built-in's (see `progress_key`).
    pub folder: Option<PathBuf>,
    pub id: String,
    pub chapter: u32,
    pub order: u32,
    pub concept: Text,
    pub title: Text,
    pub story: Text,
    /// The Python program the lesson acts out, as the student would run it with python3.
    pub python: String,
    pub knobs: Vec<Knob>,
    pub expectations: Vec<Expectation>,
    /// Questions the student answers before running (the workbook).
    pub questions: Vec<Question>,
    /// Things to make happen by changing knobs or scheduling steps by hand.
    pub tasks: Vec<Task>,
    /// The presenter's talking points, by line of the program.
    pub notes: Vec<Note>,
}

/// A talking point for presenter mode: shown under the code while a process is at `line`.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub line: u32,
    pub text: Text,
}

/// A predict-then-run question. Its true answer is computed from the run's `World` by
/// `answer` (an expression like an expectation check), never stored as a constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Stable id, the key of the student's progress.
    pub id: String,
    pub prompt: Text,
    pub kind: QuestionKind,
    /// Evaluated over the finished run: the value the student's answer is compared with.
    pub answer: Check,
    /// Shown after the run: why the answer is what it is, and where to look.
    pub explain: Text,
    /// Revealed one at a time.
    pub hints: Vec<Text>,
}

/// How a question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum QuestionKind {
    /// A whole number.
    Number,
    /// One of these options; each has the value `answer` is compared with.
    Choice { options: Vec<Choice> },
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: Value,
    pub label: Text,
}

/// A try-it task: reached when `check` holds in a run's final `World`.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: String,
    /// What to reach, and how it will be checked, in plain words.
    pub goal: Text,
    pub check: Check,
    pub hints: Vec<Text>,
}

/// A setting the student (or `--set name=value`) may change before a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Knob {
    pub name: String,
    pub kind: KnobKind,
    pub default: Value,
    pub help: Text,
    /// The module constant of the program it sets (`USE_LOCK`).
    pub constant: String,
}

/// What values a knob accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum KnobKind {
    Bool,
    Int { min: i64, max: i64 },
    Choice { choices: Vec<String> },
}

/// Knob values for one run, by name (every knob present).
pub type KnobValues = BTreeMap<String, Value>;

/// A run the tests perform, and what must hold in its final `World`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub name: String,
    /// The knobs this run sets, typed (read by the same parser as `--set`); others keep
    /// their defaults.
    pub set: KnobValues,
    /// A schedule in `--schedule` syntax.
    pub schedule: Option<String>,
    pub seed: Option<u64>,
    /// Conditions evaluated over the final World; each must be true.
    pub checks: Vec<Check>,
}

/// One condition of an expectation (or a question's answer, a task's check): a Python
/// expression over the finished run, e.g. `printed("购票成功") > tickets`.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The expression as written, for reports.
    pub source: String,
    pub expr: check::Expr,
}

impl Lesson {
    /// The key of the student's progress (and edited program) in this lesson: the id of a
    /// built-in lesson, `FOLDER/ID` for a lesson file, so that a file never shares a built-in's
    /// progress nor another folder's.
    pub fn progress_key(&self) -> String {
        match &self.folder {
            None => self.id.clone(),
            Some(folder) => format!("{}/{}", folder.display(), self.id),
        }
    }

    /// The chapter heading of a lesson from a folder: the folder's name (built-in lessons are
    /// grouped by chapter number instead).
    pub fn folder_name(&self) -> Option<String> {
        let folder = self.folder.as_ref()?;
        Some(folder.file_name().map_or_else(|| folder.display().to_string(), |n| n.to_string_lossy().into_owned()))
    }
}

/// All problems found in one lesson file.
pub type Diagnostics = Vec<Diagnostic>;

/// Loads and validates a lesson file; the lesson remembers its folder (see `progress_key`).
pub fn load(path: &Path) -> Result<Lesson, Diagnostics> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(vec![Diagnostic::without_position(
            &name,
            "is a folder of lessons, not a lesson file".into(),
            Some(format!("name one of its files, or open them all in the picker: forkbook --lessons {name}")),
        )]);
    }
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::without_position(&name, format!("cannot read the file: {e}"), None)])?;
    let src = String::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::whole_file(
            &name,
            format!("the file is not UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()),
            Some("save it as UTF-8".into()),
        )]
    })?;
    let mut lesson = from_str(&src, &name)?;
    lesson.folder = Some(folders::folder_of(path));
    Ok(lesson)
}

/// Parses and validates lesson text; `name` is used in diagnostics. A `.py` name is a plain
/// Python program, run as it stands.
pub fn from_str(src: &str, name: &str) -> Result<Lesson, Diagnostics> {
    if program::is_python(name) {
        return program::from_python(src, name);
    }
    validate::validate(src, name)
}

/// Finds a lesson by built-in id, or else loads it as a path.
pub fn resolve(id_or_path: &str) -> Result<Lesson, Diagnostics> {
    if let Some(src) = builtin::source(id_or_path) {
        return from_str(src, &format!("builtin:{id_or_path}"));
    }
    let path = Path::new(id_or_path);
    if path.exists() || id_or_path.ends_with(".toml") || program::is_python(id_or_path) {
        return load(path);
    }
    let ids: Vec<&str> = builtin::all().iter().map(|(id, _)| *id).collect();
    Err(vec![Diagnostic::without_position(
        id_or_path,
        format!("no built-in lesson '{id_or_path}' and no such file"),
        Some(format!("built-in lessons: {} (see `forkbook list`; lessons of a folder: --lessons DIR)", ids.join(", "))),
    )])
}
