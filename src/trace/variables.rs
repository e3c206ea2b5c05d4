//! A process's variables as its `Variables` events left them, with the ones its last
//! statement changed marked (Python Tutor's highlight): the details pane, `-v` and checks
//! read them here.

use crate::event::{Variable, VariableName};

/// One variable as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub local: bool,
    pub name: String,
    pub value: String,
    /// Set by the statement just run.
    pub changed: bool,
}

/// The variables of one process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variables {
    /// The function it runs (`<module>` at the module level), once it reported one.
    pub frame: Option<String>,
    /// The running function's locals first, then the globals, each in the order they appeared.
    pub list: Vec<Shown>,
    /// Some variable is marked changed: a step that follows a step with no report (most of
    /// them) has no marks to clear.
    marked: bool,
}

impl Variables {
    /// Applies the report that follows a step: the variables it set are marked.
    pub(super) fn apply(&mut self, frame: &Option<String>, set: &[Variable], gone: &[VariableName]) {
        if let Some(frame) = frame {
            self.frame = Some(frame.clone());
        }
        if !gone.is_empty() {
            self.list.retain(|v| !gone.iter().any(|g| g.local == v.local && g.name == v.name));
        }
        self.marked |= !set.is_empty();
        for var in set {
            match self.list.iter_mut().find(|v| v.local == var.local && v.name == var.name) {
                Some(shown) => {
                    // Into the text's own buffer: a loop variable changes at every step.
                    shown.value.clone_from(&var.value);
                    shown.changed = true;
                }
                None => {
                    let shown =
                        Shown { local: var.local, name: var.name.to_string(), value: var.value.clone(), changed: true };
                    let at = if var.local { self.list.iter().take_while(|v| v.local).count() } else { self.list.len() };
                    self.list.insert(at, shown);
                }
            }
        }
    }

    /// The process reached its next step: the marks of the last one go (its report, if any,
    /// follows).
    pub(super) fn stepped(&mut self) {
        if std::mem::take(&mut self.marked) {
            for v in &mut self.list {
                v.changed = false;
            }
        }
    }

    /// The value of a variable (a local first, as Python looks names up).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.list.iter().find(|v| v.name == name).map(|v| v.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(local: bool, name: &str, value: &str) -> Variable {
        Variable { local, name: name.into(), value: value.into() }
    }

    fn marked(vars: &Variables) -> Vec<String> {
        let star = |v: &Shown| if v.changed { "*" } else { "" };
        vars.list
            .iter()
            .map(|v| format!("{}{}={}{}", if v.local { "." } else { "" }, v.name, v.value, star(v)))
            .collect()
    }

    #[test]
    fn locals_come_first_and_only_the_last_changes_are_marked() {
        let mut vars = Variables::default();
        vars.stepped();
        vars.apply(&Some("<module>".into()), &[var(false, "count", "1")], &[]);
        assert_eq!(marked(&vars), ["count=1*"]);
        vars.stepped();
        assert_eq!(marked(&vars), ["count=1"], "a step that changed nothing clears the mark");
        vars.stepped();
        vars.apply(&Some("get".into()), &[var(true, "dic", "{'count': 1}"), var(false, "count", "0")], &[]);
        assert_eq!(marked(&vars), [".dic={'count': 1}*", "count=0*"]);
        assert_eq!(vars.get("count"), Some("0"));
        let gone = VariableName { local: true, name: "dic".into() };
        vars.stepped();
        vars.apply(&Some("<module>".into()), &[], &[gone]);
        assert_eq!(marked(&vars), ["count=0"]);
        assert_eq!(vars.frame.as_deref(), Some("<module>"));
    }
}
