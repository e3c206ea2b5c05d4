//! Declarations: the knobs, each checked on its own (type, range, default), and the name
//! table the checks resolve against: the knob names, and the names the program assigns its
//! shared objects to.

use std::collections::BTreeSet;

use toml::Spanned;

use super::Cx;
use crate::lesson::diagnostic::did_you_mean;
use crate::lesson::raw::{RawKnob, RawLesson, SStr, in_file_order};
use crate::lesson::{Knob, KnobKind};
use crate::value::Value;

/// Everything a check may name, declared outside the checks.
#[derive(Debug, Default)]
pub struct Decls {
    /// The valid knobs, in file order.
    pub knobs: Vec<Knob>,
    /// Every declared knob name (even one with errors, to avoid cascades).
    pub knob_names: Vec<String>,
    /// The names the program's statements assign to, which is what its shared objects are
    /// called (`lock = Lock()` is 'lock'); `None` when the lesson has no program to read.
    pub program_names: Option<BTreeSet<String>>,
}

impl Decls {
    /// The valid knob called `name`.
    pub fn knob(&self, name: &str) -> Option<&Knob> {
        self.knobs.iter().find(|k| k.name == name)
    }
}

impl Cx<'_> {
    /// Checks the knobs; returns the name table.
    pub(super) fn declarations(&mut self, raw: &RawLesson) -> Decls {
        let mut d = Decls::default();
        for (name, knob) in in_file_order(&raw.knobs) {
            d.knob_names.push(name.get_ref().clone());
            if !is_identifier(name.get_ref()) {
                self.error(
                    name.span(),
                    format!("knob name '{}' is not a name checks can use", name.get_ref()),
                    Some("use letters, digits and '_', not starting with a digit".into()),
                );
            }
            if let Some(k) = self.knob(name, knob) {
                d.knobs.push(k);
            }
        }
        d
    }

    fn knob(&mut self, name: &SStr, knob: &Spanned<RawKnob>) -> Option<Knob> {
        let n = name.get_ref();
        let k = knob.get_ref();
        let help = self.text(k.help.as_ref(), &format!("knobs.{n}.help"));
        let Some(kind_text) = &k.kind else {
            self.error(
                knob.span(),
                format!("knob '{n}' has no 'type'"),
                Some("add type = \"bool\", \"int\" or \"choice\"".into()),
            );
            return None;
        };
        let kind_fields = [
            ("min", k.min.as_ref().map(Spanned::span), "int"),
            ("max", k.max.as_ref().map(Spanned::span), "int"),
            ("choices", k.choices.as_ref().map(Spanned::span), "choice"),
        ];
        let type_name = kind_text.get_ref().as_str();
        if ["bool", "int", "choice"].contains(&type_name) {
            for (field, span, for_type) in kind_fields {
                if let Some(span) = span.filter(|_| for_type != type_name) {
                    self.error(span, format!("'{field}' is only for {for_type} knobs"), Some("remove it".into()));
                }
            }
        }
        let kind = match kind_text.get_ref().as_str() {
            "bool" => Some(KnobKind::Bool),
            "int" => match (&k.min, &k.max) {
                (Some(min), Some(max)) if min.get_ref() > max.get_ref() => {
                    self.error(
                        min.span(),
                        format!("knob '{n}' has min {} above max {}", min.get_ref(), max.get_ref()),
                        Some("swap them".into()),
                    );
                    None
                }
                (Some(min), Some(max)) => Some(KnobKind::Int { min: *min.get_ref(), max: *max.get_ref() }),
                _ => {
                    self.error(
                        knob.span(),
                        format!("int knob '{n}' needs both 'min' and 'max'"),
                        Some("add e.g. min = 1 and max = 10".into()),
                    );
                    None
                }
            },
            "choice" => match &k.choices {
                Some(c) if !c.get_ref().is_empty() => {
                    let mut choices: Vec<String> = Vec::new();
                    for choice in c.get_ref() {
                        if choices.contains(choice.get_ref()) {
                            self.error(choice.span(), format!("choice '{}' is listed twice", choice.get_ref()), None);
                        }
                        choices.push(choice.get_ref().clone());
                    }
                    Some(KnobKind::Choice { choices })
                }
                _ => {
                    self.error(
                        knob.span(),
                        format!("choice knob '{n}' needs a non-empty 'choices' list"),
                        Some("add choices = [\"a\", \"b\"]".into()),
                    );
                    None
                }
            },
            other => {
                let alias = match other {
                    "integer" | "number" | "i64" => Some("did you mean 'int'?".to_string()),
                    "boolean" => Some("did you mean 'bool'?".to_string()),
                    "enum" | "select" => Some("did you mean 'choice'?".to_string()),
                    _ => did_you_mean(other, ["bool", "int", "choice"]),
                };
                let hint = alias.unwrap_or_else(|| "use \"bool\", \"int\" or \"choice\"".into());
                self.error(kind_text.span(), format!("unknown knob type '{other}'"), Some(hint));
                None
            }
        };
        let kind = kind?;
        let Some(default) = &k.default else {
            self.error(knob.span(), format!("knob '{n}' has no 'default'"), Some("add default = ...".into()));
            return None;
        };
        let value = match (&kind, default.get_ref()) {
            (KnobKind::Bool, toml::Value::Boolean(b)) => Value::Bool(*b),
            (KnobKind::Int { .. }, toml::Value::Integer(i)) => Value::Int(*i),
            (KnobKind::Choice { .. }, toml::Value::String(s)) => Value::Str(s.clone()),
            (kind, v) => {
                let want = match kind {
                    KnobKind::Bool => "true or false",
                    KnobKind::Int { .. } => "a whole number",
                    KnobKind::Choice { .. } => "one of the choices, as a string",
                };
                self.error(
                    default.span(),
                    format!("default '{v}' of knob '{n}' has the wrong type"),
                    Some(format!("use {want}")),
                );
                return None;
            }
        };
        let constant = k.constant.as_ref().map_or_else(|| n.to_uppercase(), |c| c.get_ref().clone());
        let knob = Knob { name: n.clone(), kind, default: value, help, constant };
        if let Err(p) = knob.parse_value(&knob.default.to_string()) {
            self.error(default.span(), format!("default of knob '{n}': {}", p.message), p.hint);
            return None;
        }
        Some(knob)
    }
}

/// True for `[A-Za-z_][A-Za-z0-9_]*`, the names a check can use.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
