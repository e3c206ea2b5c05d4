//! Declarations: knobs, resources (with their parameters), pipe ends and script names.
//! Each is checked on its own, then all names together, so that no two things share a name
//! and none hides a built-in. The result is the name table the script checks resolve against.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::signatures::BUILTINS;
use super::{Cx, is_identifier};
use crate::lesson::diagnostic::{did_you_mean, quoted_list};
use crate::lesson::knobs::unknown_knob;
use crate::lesson::raw::{RawKnob, RawLesson, RawResource, SStr, in_file_order};
use crate::lesson::{Knob, KnobKind, Param, Resource, ResourceKind};
use crate::value::Value;

/// A resource field, where it is, and the kinds it applies to.
type KindField<'a> = (&'a str, Option<std::ops::Range<usize>>, &'a [&'a str]);

/// The kinds a resource may have.
pub const RESOURCE_KINDS: &[&str] =
    &["Lock", "RLock", "Semaphore", "BoundedSemaphore", "Event", "Queue", "JoinableQueue", "Pipe", "Value", "File"];

/// Everything declared outside the scripts, by name.
#[derive(Debug, Default)]
pub struct Decls {
    /// The valid knobs, in file order.
    pub knobs: Vec<Knob>,
    /// Every declared knob name (even one with errors, to avoid cascades).
    pub knob_names: Vec<String>,
    /// The valid resources, in file order.
    pub resources: Vec<Resource>,
    /// Every declared resource name and its kind (`"?"` when the kind is wrong).
    pub resource_kinds: BTreeMap<String, &'static str>,
    /// Pipe end name → the pipe's name.
    pub ends: BTreeMap<String, String>,
    /// Script name → its parameter names.
    pub scripts: BTreeMap<String, Vec<String>>,
    /// For a lesson whose program runs: the names its statements assign to, which is what its
    /// shared objects are called (`lock = Lock()` is 'lock').
    pub program_names: Option<BTreeSet<String>>,
}

impl Decls {
    /// The valid knob called `name`.
    pub fn knob(&self, name: &str) -> Option<&Knob> {
        self.knobs.iter().find(|k| k.name == name)
    }
}

impl Cx<'_> {
    /// Checks knobs, resources and script names; returns the name table.
    pub(super) fn declarations(&mut self, raw: &RawLesson, python_lines: u32) -> Decls {
        let mut d = Decls::default();
        for (name, knob) in in_file_order(&raw.knobs) {
            d.knob_names.push(name.get_ref().clone());
            if let Some(k) = self.knob(name, knob) {
                d.knobs.push(k);
            }
        }
        for (name, res) in in_file_order(&raw.resources) {
            let kind =
                res.get_ref().kind.as_ref().and_then(|k| RESOURCE_KINDS.iter().find(|x| **x == k.get_ref()).copied());
            d.resource_kinds.insert(name.get_ref().clone(), kind.unwrap_or("?"));
            if let Some(r) = self.resource(name, res, &d, python_lines) {
                if let ResourceKind::Pipe { ends, .. } = &r.kind {
                    for end in ends {
                        d.ends.insert(end.clone(), r.name.clone());
                    }
                }
                d.resources.push(r);
            }
        }
        for (name, script) in in_file_order(&raw.scripts) {
            let mut params: Vec<String> = Vec::new();
            if let Some(ps) = &script.get_ref().params {
                if name.get_ref() == "main" && !ps.get_ref().is_empty() {
                    self.error(ps.span(), "the 'main' script takes no params".into(), Some("remove 'params'".into()));
                }
                for p in ps.get_ref() {
                    if !is_identifier(p.get_ref()) {
                        self.error(
                            p.span(),
                            format!("param '{}' is not a name", p.get_ref()),
                            Some("use letters, digits and '_'".into()),
                        );
                    } else if params.contains(p.get_ref()) {
                        self.error(p.span(), format!("param '{}' is listed twice", p.get_ref()), None);
                    }
                    params.push(p.get_ref().clone());
                }
            }
            d.scripts.insert(name.get_ref().clone(), params);
        }
        self.names(raw);
        d
    }

    /// Checks that knob, resource, pipe end and script names are usable and distinct.
    fn names(&mut self, raw: &RawLesson) {
        let mut all: Vec<(&SStr, &'static str)> = Vec::new();
        all.extend(raw.knobs.keys().map(|k| (k, "knob")));
        all.extend(raw.resources.keys().map(|k| (k, "resource")));
        for res in raw.resources.values() {
            if let Some(ends) = &res.get_ref().ends {
                all.extend(ends.get_ref().iter().map(|e| (e, "pipe end")));
            }
        }
        all.extend(raw.scripts.keys().map(|k| (k, "script")));
        all.sort_by_key(|(k, _)| k.span().start);
        let mut seen: BTreeMap<&str, &'static str> = BTreeMap::new();
        for (name, what) in all {
            let text = name.get_ref().as_str();
            if !is_identifier(text) {
                self.error(
                    name.span(),
                    format!("{what} name '{text}' is not a name scripts can use"),
                    Some("use letters, digits and '_', not starting with a digit".into()),
                );
            } else if text == "os" || BUILTINS.iter().any(|b| b.name == text) {
                self.error(
                    name.span(),
                    format!("{what} name '{text}' hides a built-in"),
                    Some("choose another name".into()),
                );
            } else if let Some(first) = seen.get(text) {
                self.error(
                    name.span(),
                    format!("name '{text}' is used for both a {first} and a {what}"),
                    Some("rename one of them".into()),
                );
            } else {
                seen.insert(text, what);
            }
        }
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
        let knob = Knob { name: n.clone(), kind, default: value, help, constant: None };
        if let Err(p) = knob.parse_value(&knob.default.to_string()) {
            self.error(default.span(), format!("default of knob '{n}': {}", p.message), p.hint);
            return None;
        }
        Some(knob)
    }

    fn resource(&mut self, name: &SStr, res: &Spanned<RawResource>, d: &Decls, python_lines: u32) -> Option<Resource> {
        let n = name.get_ref();
        let r = res.get_ref();
        let Some(kind_text) = &r.kind else {
            self.error(
                res.span(),
                format!("resource '{n}' has no 'kind'"),
                Some(format!("add kind = one of {}", quoted_list(RESOURCE_KINDS.iter().copied()))),
            );
            return None;
        };
        let kind = kind_text.get_ref().as_str();
        if !RESOURCE_KINDS.contains(&kind) {
            let hint = did_you_mean(kind, RESOURCE_KINDS.iter().copied())
                .unwrap_or_else(|| format!("kinds: {}", RESOURCE_KINDS.join(", ")));
            self.error(kind_text.span(), format!("unknown resource kind '{kind}'"), Some(hint));
            return None;
        }
        let py_line = match &r.line {
            None => 0,
            Some(l) => match u32::try_from(*l.get_ref()) {
                Ok(v) if v >= 1 && v <= python_lines => v,
                // No Python program: its absence is reported once, not per line.
                Ok(_) if python_lines == 0 => 0,
                _ => {
                    self.error(
                        l.span(),
                        format!(
                            "line '{}' is not a line of the Python program (it has {python_lines} lines)",
                            l.get_ref()
                        ),
                        Some(format!("use a line from 1 to {python_lines}")),
                    );
                    0
                }
            },
        };
        let fields: [KindField; 6] = [
            ("value", r.value.as_ref().map(Spanned::span), &["Semaphore", "BoundedSemaphore", "Value"]),
            ("maxsize", r.maxsize.as_ref().map(Spanned::span), &["Queue", "JoinableQueue"]),
            ("duplex", r.duplex.as_ref().map(Spanned::span), &["Pipe"]),
            ("ends", r.ends.as_ref().map(Spanned::span), &["Pipe"]),
            ("file", r.file.as_ref().map(Spanned::span), &["File"]),
            ("initial", r.initial.as_ref().map(Spanned::span), &["File"]),
        ];
        let mut ok = true;
        for (field, span, kinds) in fields {
            if let Some(span) = span.filter(|_| !kinds.contains(&kind)) {
                self.error(
                    span,
                    format!("'{field}' does not apply to a {kind}"),
                    Some(format!("remove it (it is for {})", kinds.join(", "))),
                );
                ok = false;
            }
        }
        let param = |cx: &mut Self, v: &Option<Spanned<toml::Value>>, field: &str, default: Option<i64>| match v {
            Some(v) => cx.param(v, field, d),
            None => match default {
                Some(n) => Some(Param::Lit(n)),
                None => {
                    cx.error(
                        res.span(),
                        format!("{kind} '{n}' needs '{field}'"),
                        Some(format!("add {field} = 1 (or the name of an int knob)")),
                    );
                    None
                }
            },
        };
        let kind = match kind {
            "Lock" => Some(ResourceKind::Lock),
            "RLock" => Some(ResourceKind::RLock),
            "Event" => Some(ResourceKind::Event),
            "Semaphore" => param(self, &r.value, "value", None).map(|value| ResourceKind::Semaphore { value }),
            "BoundedSemaphore" => {
                param(self, &r.value, "value", None).map(|value| ResourceKind::BoundedSemaphore { value })
            }
            "Value" => param(self, &r.value, "value", Some(0)).map(|initial| ResourceKind::Value { initial }),
            "Queue" => param(self, &r.maxsize, "maxsize", Some(0)).map(|maxsize| ResourceKind::Queue { maxsize }),
            "JoinableQueue" => {
                param(self, &r.maxsize, "maxsize", Some(0)).map(|maxsize| ResourceKind::JoinableQueue { maxsize })
            }
            "Pipe" => self.pipe(n, res),
            _ => self.file_resource(n, res, d),
        };
        if let Some(
            ResourceKind::Semaphore { value: Param::Lit(v) } | ResourceKind::BoundedSemaphore { value: Param::Lit(v) },
        ) = &kind
            && *v < 0
            && let Some(value) = &r.value
        {
            self.error(
                value.span(),
                format!("semaphore value '{v}' is negative"),
                Some("Python raises ValueError for this; use 0 or more".into()),
            );
            ok = false;
        }
        let kind = kind.filter(|_| ok)?;
        Some(Resource { name: n.clone(), kind, py_line })
    }

    /// An integer, or the name of an int knob.
    fn param(&mut self, v: &Spanned<toml::Value>, field: &str, d: &Decls) -> Option<Param> {
        match v.get_ref() {
            toml::Value::Integer(i) => Some(Param::Lit(*i)),
            toml::Value::String(s) if d.knob_names.contains(s) => match d.knob(s).map(|k| &k.kind) {
                Some(KnobKind::Int { .. }) | None => Some(Param::Knob(s.clone())),
                Some(_) => {
                    self.error(
                        v.span(),
                        format!("knob '{s}' in '{field}' is not an int knob"),
                        Some("use an integer or the name of an int knob".into()),
                    );
                    None
                }
            },
            toml::Value::String(s) => {
                let p = unknown_knob(s, &d.knobs);
                self.error(v.span(), format!("{} in '{field}'", p.message), p.hint);
                None
            }
            other => {
                self.error(
                    v.span(),
                    format!("'{field}' is '{other}'"),
                    Some("use an integer or the name of an int knob".into()),
                );
                None
            }
        }
    }

    fn pipe(&mut self, n: &str, res: &Spanned<RawResource>) -> Option<ResourceKind> {
        let r = res.get_ref();
        let duplex = r.duplex.as_ref().is_none_or(|d| *d.get_ref());
        let Some(ends) = &r.ends else {
            self.error(
                res.span(),
                format!("Pipe '{n}' needs 'ends'"),
                Some("add ends = [\"parent_conn\", \"child_conn\"]".into()),
            );
            return None;
        };
        match ends.get_ref().as_slice() {
            [a, b] if a.get_ref() == b.get_ref() => {
                self.error(
                    b.span(),
                    format!("both ends of Pipe '{n}' are called '{}'", b.get_ref()),
                    Some("give each end its own name".into()),
                );
                None
            }
            [a, b] => Some(ResourceKind::Pipe { duplex, ends: [a.get_ref().clone(), b.get_ref().clone()] }),
            _ => {
                self.error(
                    ends.span(),
                    format!("Pipe '{n}' needs exactly two ends"),
                    Some("e.g. ends = [\"parent_conn\", \"child_conn\"]".into()),
                );
                None
            }
        }
    }

    fn file_resource(&mut self, n: &str, res: &Spanned<RawResource>, d: &Decls) -> Option<ResourceKind> {
        let r = res.get_ref();
        let Some(file) = &r.file else {
            self.error(res.span(), format!("File '{n}' needs 'file'"), Some("add file = \"db.txt\"".into()));
            return None;
        };
        let f = file.get_ref();
        let plain = !f.is_empty() && f != "." && f != ".." && !f.contains(['/', '\\', '\0']);
        if !plain {
            self.error(
                file.span(),
                format!("file name '{f}' is not a plain file name"),
                Some("lesson files live in the run's own directory; use a name like \"db.txt\"".into()),
            );
        }
        let mut initial = Vec::new();
        let mut ok = plain;
        if let Some(init) = &r.initial {
            for (key, value) in in_file_order(init.get_ref()) {
                match self.param(value, &format!("initial.{}", key.get_ref()), d) {
                    Some(p) => initial.push((key.get_ref().clone(), p)),
                    None => ok = false,
                }
            }
        }
        ok.then(|| ResourceKind::File { file_name: f.clone(), initial })
    }
}
