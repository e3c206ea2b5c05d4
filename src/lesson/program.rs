//! A lesson's Python program: a plain Python file as a lesson (`forkbook run prog.py` acts
//! out any program inside the subset forkbook runs, with no TOML, no story, knobs or
//! questions), the checks a program must pass to take a lesson's place (the subset, and a
//! module constant of the right type for every knob; one check for the lesson file and for a
//! student's edited program), and the program as a run with given knob values runs it.

use super::diagnostic::Problem;
use super::{Diagnostic, Diagnostics, Knob, KnobKind, KnobValues, Lesson, Text};
use crate::python::Program;
use crate::value::Value;

/// Whether `name` names a Python program rather than a lesson file.
pub fn is_python(name: &str) -> bool {
    name.ends_with(".py")
}

/// The lesson that runs `src`, the Python program in file `name`.
pub fn from_python(src: &str, name: &str) -> Result<Lesson, Diagnostics> {
    let problems = Program::check(name, src);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|d| Diagnostic { file: d.file, line: d.line, col: d.col, message: d.message, hint: None })
            .collect());
    }
    Ok(plain(src, name))
}

/// The lesson that shows `src`, the program in file `name`, without checking that forkbook
/// can run it: what `forkbook watch` shows while CPython runs the program.
pub fn plain(src: &str, name: &str) -> Lesson {
    let stem = std::path::Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned());
    let title = Text { en: name.to_string(), zh: name.to_string() };
    Lesson {
        source_name: name.to_string(),
        source: src.to_string(),
        folder: None,
        id: stem,
        chapter: 0,
        order: 0,
        concept: Text { en: "program".into(), zh: "程序".into() },
        title,
        story: Text::default(),
        python: src.to_string(),
        knobs: Vec::new(),
        expectations: Vec::new(),
        questions: Vec::new(),
        tasks: Vec::new(),
        notes: Vec::new(),
    }
}

/// Why `knob` cannot set the module constant `constant` of `program`, if it cannot: the
/// program has no such constant (line 0), or its literal is not of the knob's type (the
/// literal's line and column).
pub fn knob_binding_problem(program: &Program, knob: &Knob, constant: &str) -> Option<(Problem, u32, u32)> {
    let Some(found) = program.constants().iter().find(|c| c.name == constant) else {
        let example = match &knob.default {
            Value::Str(s) => format!("{constant} = {s:?}"),
            Value::Bool(true) => format!("{constant} = True"),
            Value::Bool(false) => format!("{constant} = False"),
            other => format!("{constant} = {other}"),
        };
        let problem = Problem::new(
            format!("knob '{}' sets no module constant '{constant}' of the program", knob.name),
            Some(format!("add `{example}` at the top of the program, or set constant = \"NAME\"")),
        );
        return Some((problem, 0, 0));
    };
    let fits = matches!(
        (&knob.kind, &found.value),
        (KnobKind::Bool, Value::Bool(_))
            | (KnobKind::Int { .. }, Value::Int(_))
            | (KnobKind::Choice { .. }, Value::Str(_))
    );
    if fits {
        return None;
    }
    let problem = Problem::new(
        format!(
            "knob '{}' is a {} knob, but {constant} = {} on line {} is not",
            knob.name,
            kind_word(&knob.kind),
            found.value.repr(),
            found.line
        ),
        Some("give the constant a literal of the knob's type".into()),
    );
    Some((problem, found.line, found.col))
}

fn kind_word(kind: &KnobKind) -> &'static str {
    match kind {
        KnobKind::Bool => "bool",
        KnobKind::Int { .. } => "int",
        KnobKind::Choice { .. } => "choice",
    }
}

/// Why `value`, the literal of a knob's constant in an edited program, cannot be the knob's
/// value: an int out of the knob's range, or a string that is not one of its choices.
fn out_of_range(knob: &Knob, value: &Value) -> Option<Problem> {
    match (&knob.kind, value) {
        (KnobKind::Int { min, max }, Value::Int(n)) if n < min || n > max => Some(Problem::new(
            format!("'{n}' is out of range for knob '{}'", knob.name),
            Some(format!("use a whole number from {min} to {max}")),
        )),
        (KnobKind::Choice { choices }, Value::Str(s)) if !choices.contains(s) => Some(Problem::new(
            format!("'{s}' is not a choice of knob '{}'", knob.name),
            Some(format!("choose one of: {}", choices.join(", "))),
        )),
        _ => None,
    }
}

impl Lesson {
    /// This lesson with `text` as its program (a student's edited copy, in file `file`),
    /// checked as the lesson file's program is: it must parse, stay inside the subset, and
    /// keep a constant of the right type for every knob. A constant whose literal differs from
    /// the lesson's own program makes that literal the knob's default (it must be in the
    /// knob's range). Every problem is at its line and column of `text`.
    pub fn with_program(&self, file: &str, text: &str) -> Result<Lesson, Diagnostics> {
        let program = Program::parse(file, text).map_err(|problems| {
            problems
                .into_iter()
                .map(|d| Diagnostic { file: d.file, line: d.line, col: d.col, message: d.message, hint: None })
                .collect::<Diagnostics>()
        })?;
        let own = Program::parse(&self.source_name, &self.python).ok();
        let own_literal =
            |name: &str| own.as_ref().and_then(|p| p.constants().iter().find(|c| c.name == name)).map(|c| &c.value);
        let mut lesson = self.clone();
        let mut problems = Diagnostics::new();
        for knob in &mut lesson.knobs {
            let constant = knob.constant.clone();
            if let Some((problem, line, col)) = knob_binding_problem(&program, knob, &constant) {
                problems.push(Diagnostic {
                    file: file.to_string(),
                    line,
                    col,
                    message: problem.message,
                    hint: problem.hint,
                });
                continue;
            }
            let Some(found) = program.constants().iter().find(|c| c.name == constant) else { continue };
            if own_literal(&constant) == Some(&found.value) {
                continue;
            }
            match out_of_range(knob, &found.value) {
                Some(p) => problems.push(Diagnostic {
                    file: file.to_string(),
                    line: found.line,
                    col: found.col,
                    message: p.message,
                    hint: p.hint,
                }),
                None => knob.default = found.value.clone(),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        lesson.python = text.to_string();
        Ok(lesson)
    }

    /// The module constants the knobs set in a run with these `values`: (constant, value).
    pub fn constant_overrides(&self, values: &KnobValues) -> Vec<(String, Value)> {
        self.knobs
            .iter()
            .map(|k| (k.constant.clone(), values.get(&k.name).cloned().unwrap_or_else(|| k.default.clone())))
            .collect()
    }

    /// The program as a run with these knob values runs it (and the code pane shows it):
    /// each knob's value substituted for its constant's literal, on the same line.
    pub fn program_text(&self, values: &KnobValues) -> String {
        let overrides = self.constant_overrides(values);
        if overrides.is_empty() {
            return self.python.clone();
        }
        Program::parse(&self.source_name, &self.python)
            .and_then(|p| p.with_overrides(&overrides))
            .map_or_else(|_| self.python.clone(), |p| p.source().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_outside_the_subset_is_reported_at_its_line_and_column() {
        let err = from_python("x = 1\ndef f():\n    yield x\n", "gen.py").expect_err("generators are refused");
        assert_eq!((err[0].file.as_str(), err[0].line, err[0].col), ("gen.py", 3, 5), "{err:?}");
        assert!(err[0].message.contains("yield"), "{}", err[0].message);
    }

    fn lock() -> Lesson {
        crate::lesson::resolve("lock").expect("the built-in lock lesson")
    }

    /// The lock lesson's program with `from` replaced by `to` (once).
    fn lock_with(from: &str, to: &str) -> String {
        let python = lock().python;
        assert!(python.contains(from), "{from}");
        python.replacen(from, to, 1)
    }

    #[test]
    fn an_edited_program_takes_the_lessons_place_and_a_changed_constant_becomes_its_knobs_default() {
        let text = lock_with("BUYERS = 10", "BUYERS = 3");
        let edited = lock().with_program("lock.py", &text).expect("a valid edit");
        assert_eq!(edited.python, text);
        assert_eq!(edited.knob("buyers").map(|k| &k.default), Some(&Value::Int(3)));
        assert_eq!(edited.knob("tickets").map(|k| &k.default), Some(&Value::Int(1)));
        assert_eq!(edited.program_text(&edited.default_knobs()), text);
    }

    #[test]
    fn an_edited_program_with_a_syntax_error_is_refused_at_its_line_and_column() {
        let text = lock_with("def get():", "def get(:");
        let line = text.lines().position(|l| l.starts_with("def get(")).expect("the line") as u32 + 1;
        let err = lock().with_program("lock.py", &text).expect_err("a syntax error");
        assert_eq!((err[0].file.as_str(), err[0].line), ("lock.py", line), "{err:?}");
        assert!(err[0].col > 1, "{err:?}");
    }

    #[test]
    fn an_edited_program_must_keep_every_knobs_constant_of_its_type_and_range() {
        let missing = lock().with_program("lock.py", &lock_with("TICKETS = 1 ", "SEATS = 1 ")).expect_err("no TICKETS");
        assert_eq!(missing[0].line, 0, "{missing:?}");
        assert!(missing[0].message.contains("'TICKETS'"), "{missing:?}");
        let typed = lock().with_program("lock.py", &lock_with("USE_LOCK = True", "USE_LOCK = 1")).expect_err("an int");
        assert!(typed[0].message.contains("bool knob") && typed[0].line == 4, "{typed:?}");
        let far = lock().with_program("lock.py", &lock_with("BUYERS = 10", "BUYERS = 1000")).expect_err("too many");
        assert_eq!((far[0].line, far[0].col), (6, 10), "{far:?}");
        assert!(far[0].message.contains("out of range"), "{far:?}");
    }

    #[test]
    fn a_plain_program_becomes_a_lesson_named_by_its_file() {
        let l = from_python("print('hi')\n", "demo/hello.py").expect("a valid program");
        assert_eq!(l.id, "hello");
        assert!(l.knobs.is_empty() && l.python == "print('hi')\n");
    }
}
