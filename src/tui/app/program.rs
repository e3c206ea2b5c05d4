//! The student's own copy of a lesson's program: `e` asks the loop to open it in an editor, `E`
//! goes back to the lesson's own. An edited program takes the lesson's place only after the
//! checks a lesson file's program passes; one that fails them is shown with its line and
//! column, and the program in use stays. A change of program restarts the run, as new knobs
//! do, and a knob whose constant the student changed takes the new value.

use std::sync::Arc;

use super::{App, Effect};
use crate::lesson::{Diagnostic, Lesson};

/// A lesson's program as the student has it.
#[derive(Clone, Debug, Default)]
pub struct Edit {
    /// The lesson with the student's program in place of its own, checked: what runs. `None`
    /// while the lesson's own program runs.
    pub lesson: Option<Arc<Lesson>>,
    /// Why the student's latest edit was not taken, at its line and column of the program.
    pub problem: Option<Diagnostic>,
}

impl App {
    /// `e`: the loop opens the lesson's program copy in the student's editor.
    pub(super) fn edit_program(&mut self) -> Vec<Effect> {
        let Some(v) = self.view() else { return Vec::new() };
        vec![Effect::EditProgram(Arc::clone(&v.original))]
    }

    /// `E`: the lesson's own program again; the loop removes the student's copy. Asks nothing:
    /// the footer says what happened.
    pub(super) fn reset_program(&mut self) -> Vec<Effect> {
        let Some(v) = self.view() else { return Vec::new() };
        let original = Arc::clone(&v.original);
        let before = self.running(&original);
        let refused = self.edits.remove(&original.source_name).is_some_and(|e| e.problem.is_some());
        let mut effects = vec![Effect::ForgetProgram(original.progress_key())];
        let key = if before.python != original.python {
            effects.extend(self.rerun_with(&before, &original));
            "notice.program_reset"
        } else if refused {
            "notice.program_copy_removed"
        } else {
            "notice.program_own_already"
        };
        self.notice = Some(self.lang.t(key).to_string());
        effects
    }

    /// Takes the student's program for lesson `original` as read from its copy, file `file`
    /// (`None`: there is no copy). A program that passes the checks runs from now on; one
    /// that does not is kept as a problem to show, and the program in use stays. When the
    /// lesson is open and its program changed, its run starts again with the new one.
    pub fn program_saved(&mut self, original: &Arc<Lesson>, file: &str, text: Option<&str>) -> Vec<Effect> {
        let before = self.running(original);
        let key = original.source_name.clone();
        let refused = match text.map(|text| original.with_program(file, text)) {
            None => {
                self.edits.remove(&key);
                false
            }
            Some(Ok(lesson)) => {
                let lesson = (lesson.python != original.python).then(|| Arc::new(lesson));
                self.edits.insert(key.clone(), Edit { lesson, problem: None });
                false
            }
            Some(Err(problems)) => {
                self.edits.entry(key.clone()).or_default().problem = problems.into_iter().next();
                true
            }
        };
        let open = self.view().is_some_and(|v| v.original.source_name == key);
        if refused || !open {
            return Vec::new();
        }
        let after = self.running(original);
        if after.python == before.python {
            self.notice = Some(self.lang.t("notice.program_unchanged").to_string());
            return Vec::new();
        }
        let effects = self.rerun_with(&before, &after);
        let key = if after.python == original.python { "notice.program_own" } else { "notice.program_edited" };
        self.notice = Some(self.lang.t(key).to_string());
        effects
    }

    /// Why the open lesson's latest edited program was not taken, if it was not.
    pub fn program_problem(&self) -> Option<&Diagnostic> {
        let v = self.view()?;
        self.edits.get(&v.original.source_name)?.problem.as_ref()
    }

    /// The lesson as a run of `original` runs it: with the student's program, when one was
    /// taken.
    pub(super) fn running(&self, original: &Arc<Lesson>) -> Arc<Lesson> {
        let edited = self.edits.get(&original.source_name).and_then(|e| e.lesson.as_ref());
        Arc::clone(edited.unwrap_or(original))
    }

    /// Starts the open lesson again now that `after` runs instead of `before`, as new knobs
    /// do: the knobs keep their values, except those whose constant now has another literal.
    fn rerun_with(&mut self, before: &Lesson, after: &Lesson) -> Vec<Effect> {
        let Some(v) = self.view() else { return Vec::new() };
        let mut knobs = v.knobs.clone();
        for knob in &after.knobs {
            if before.knob(&knob.name).is_some_and(|k| k.default != knob.default) {
                knobs.insert(knob.name.clone(), knob.default.clone());
            }
        }
        let (original, speed, workbook, start) = (Arc::clone(&v.original), v.speed, v.workbook.clone(), v.next_start());
        self.open_view(original, knobs, speed, workbook, start)
    }
}

#[cfg(test)]
mod tests;
