//! What changed between two versions of a lesson, for the notice of a hot reload: the
//! program, the texts, each knob, the workbook, the expectations. Words for them are the
//! front end's business; this only compares.

use super::{Check, Lesson, QuestionKind, Text};

/// One difference between two versions of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Program,
    /// The id, chapter, order, concept, title or story.
    Texts,
    KnobAdded(String),
    KnobRemoved(String),
    /// Its type, range, choices, default, help or constant.
    KnobChanged(String),
    Questions,
    Tasks,
    Expectations,
}

/// The differences from `old` to `new`, in the order of a lesson file.
pub fn changes(old: &Lesson, new: &Lesson) -> Vec<Change> {
    let mut found = Vec::new();
    let texts = (&old.id, old.chapter, old.order, &old.concept, &old.title, &old.story)
        != (&new.id, new.chapter, new.order, &new.concept, &new.title, &new.story);
    if texts {
        found.push(Change::Texts);
    }
    if old.python != new.python {
        found.push(Change::Program);
    }
    for knob in &new.knobs {
        match old.knob(&knob.name) {
            None => found.push(Change::KnobAdded(knob.name.clone())),
            Some(before) if before != knob => found.push(Change::KnobChanged(knob.name.clone())),
            Some(_) => {}
        }
    }
    for knob in old.knobs.iter().filter(|k| new.knob(&k.name).is_none()) {
        found.push(Change::KnobRemoved(knob.name.clone()));
    }
    if expectations(old) != expectations(new) {
        found.push(Change::Expectations);
    }
    if questions(old) != questions(new) {
        found.push(Change::Questions);
    }
    if tasks(old) != tasks(new) {
        found.push(Change::Tasks);
    }
    found
}

// Checks are compared as written: their parsed form holds positions in the file, which move
// when lines above them are added.

type ExpectationText<'a> = (&'a str, &'a super::KnobValues, &'a Option<String>, Option<u64>, Vec<&'a str>);

fn expectations(l: &Lesson) -> Vec<ExpectationText<'_>> {
    l.expectations.iter().map(|e| (e.name.as_str(), &e.set, &e.schedule, e.seed, sources(&e.checks))).collect()
}

fn sources(checks: &[Check]) -> Vec<&str> {
    checks.iter().map(|c| c.source.as_str()).collect()
}

type QuestionText<'a> = (&'a str, &'a Text, &'a QuestionKind, &'a str, &'a Text, &'a [Text]);

fn questions(l: &Lesson) -> Vec<QuestionText<'_>> {
    l.questions
        .iter()
        .map(|q| (q.id.as_str(), &q.prompt, &q.kind, q.answer.source.as_str(), &q.explain, &q.hints[..]))
        .collect()
}

fn tasks(l: &Lesson) -> Vec<(&str, &Text, &str, &[Text])> {
    l.tasks.iter().map(|t| (t.id.as_str(), &t.goal, t.check.source.as_str(), &t.hints[..])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knobs_added_removed_and_changed_are_named_and_the_program_noticed() {
        let old = crate::lesson::resolve("lock").expect("built-in");
        assert_eq!(changes(&old, &old), []);
        let mut new = old.clone();
        new.python.push_str("\n# more\n");
        let removed = new.knobs.remove(0);
        let mut added = new.knobs[0].clone();
        added.name = "fresh".into();
        new.knobs.push(added);
        new.knobs[0].help.en = "other help".into();
        let found = changes(&old, &new);
        assert_eq!(found[0], Change::Program);
        assert!(found.contains(&Change::KnobRemoved(removed.name)), "{found:?}");
        assert!(found.contains(&Change::KnobAdded("fresh".into())), "{found:?}");
        assert!(found.contains(&Change::KnobChanged(new.knobs[0].name.clone())), "{found:?}");
    }

    #[test]
    fn checks_moved_down_by_new_lines_are_not_changes() {
        let src = crate::lesson::builtin::source("lock").expect("lock");
        let old = crate::lesson::from_str(src, "lock.toml").expect("valid");
        let moved = src.replacen("format = 1", "format = 1\n\n# a new comment\n", 1);
        let new = crate::lesson::from_str(&moved, "lock.toml").expect("valid");
        assert_eq!(changes(&old, &new), []);
    }
}
