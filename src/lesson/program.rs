//! A plain Python file as a lesson: `forkbook run prog.py` acts out any program inside the
//! subset forkbook runs, with no TOML. The lesson has no story, knobs or questions; its
//! program is checked here (every problem at `prog.py:line:col`) and run as it stands.

use super::{Diagnostic, Diagnostics, KnobValues, Lesson, Text};
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
    let stem = std::path::Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned());
    let title = Text { en: name.to_string(), zh: name.to_string() };
    Ok(Lesson {
        source_name: name.to_string(),
        source: src.to_string(),
        id: stem,
        chapter: 0,
        order: 0,
        concept: Text { en: "program".into(), zh: "程序".into() },
        title,
        story: Text::default(),
        python: src.to_string(),
        knobs: Vec::new(),
        resources: Vec::new(),
        scripts: Default::default(),
        expectations: Vec::new(),
        questions: Vec::new(),
        tasks: Vec::new(),
    })
}

impl Lesson {
    /// Whether this lesson's Python program is what runs (a `.py` file, or a lesson with no
    /// step-language `[scripts]`).
    pub fn runs_python(&self) -> bool {
        self.scripts.is_empty()
    }

    /// The module constants the knobs set in a run with these `values`: (constant, value).
    pub fn constant_overrides(&self, values: &KnobValues) -> Vec<(String, Value)> {
        self.knobs
            .iter()
            .filter_map(|k| {
                Some((k.constant.clone()?, values.get(&k.name).cloned().unwrap_or_else(|| k.default.clone())))
            })
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

    #[test]
    fn a_plain_program_becomes_a_lesson_named_by_its_file() {
        let l = from_python("print('hi')\n", "demo/hello.py").expect("a valid program");
        assert_eq!(l.id, "hello");
        assert!(l.runs_python() && l.scripts.is_empty());
    }
}
