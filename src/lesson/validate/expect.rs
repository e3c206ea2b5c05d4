//! Expectation checks: each `[[expect]]` names its run, sets knobs to valid values (read by
//! the same parser as `--set`), and lists checks — expressions over the finished run that
//! may use knob names and the check functions below, nothing else.

use super::Cx;
use super::decls::Decls;
use super::signatures::Sig;
use crate::lesson::diagnostic::{Diagnostic, did_you_mean};
use crate::lesson::knobs::unknown_knob;
use crate::lesson::raw::{RawLesson, SStr, in_file_order};
use crate::lesson::script::{Expr, ExprKind, StrPart, parser};
use crate::lesson::{Check, Expectation, KnobValues};

const fn sig(name: &'static str, min: usize, max: usize, usage: &'static str) -> Sig {
    Sig { name, min, max, kwargs: &[], usage }
}

/// The functions a check may call.
pub const CHECK_FUNCTIONS: &[Sig] = &[
    sig("printed", 1, 1, "printed(text): how many lines equal text"),
    sig("printed_containing", 1, 1, "printed_containing(text)"),
    sig("first", 1, 1, "first(text)"),
    sig("last", 1, 1, "last(text)"),
    sig("first_containing", 1, 1, "first_containing(text)"),
    sig("last_containing", 1, 1, "last_containing(text)"),
    sig("earliest", 2, usize::MAX, "earliest(\"a\", \"b\", ...): the one printed first"),
    sig("len", 1, 1, "len(items(queue))"),
    sig("exitcode", 1, 1, "exitcode(\"Process-1\")"),
    sig("max_holders", 1, 1, "max_holders(lock)"),
    sig("max_waiters", 1, 1, "max_waiters(lock)"),
    sig("processes", 0, 0, "processes()"),
    sig("items", 1, 1, "items(queue)"),
    sig("duration_ms", 0, 0, "duration_ms()"),
    sig("audit_ok", 0, 0, "audit_ok()"),
    sig("deadlocked", 0, 0, "deadlocked(): the run ended in a wait-for cycle"),
    sig("stuck", 0, 0, "stuck(): the run ended with every process waiting for good"),
];

/// Check functions whose argument names a shared object, as a string.
const TAKES_RESOURCE: &[&str] = &["max_holders", "max_waiters", "items"];

impl Cx<'_> {
    /// Checks every `[[expect]]` and parses its checks.
    pub(super) fn expectations(&mut self, raw: &RawLesson, decls: &Decls) -> Vec<Expectation> {
        let mut out = Vec::new();
        for e in &raw.expect {
            let r = e.get_ref();
            let name = match &r.name {
                Some(n) if !n.get_ref().trim().is_empty() => n.get_ref().clone(),
                Some(n) => {
                    self.error(
                        n.span(),
                        "expectation name is empty".into(),
                        Some("say what the run shows, as a sentence".into()),
                    );
                    String::new()
                }
                None => {
                    self.error(
                        e.span(),
                        "expectation has no 'name'".into(),
                        Some("add name = \"what this run shows\"".into()),
                    );
                    String::new()
                }
            };
            let mut set = KnobValues::new();
            if let Some(s) = &r.set {
                for (knob, value) in in_file_order(s.get_ref()) {
                    let text = match value.get_ref() {
                        toml::Value::Boolean(b) => b.to_string(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::String(s) => s.clone(),
                        other => {
                            self.error(
                                value.span(),
                                format!("knob value '{other}' is not a bool, integer or string"),
                                None,
                            );
                            continue;
                        }
                    };
                    if !decls.knob_names.contains(knob.get_ref()) {
                        let p = unknown_knob(knob.get_ref(), &decls.knobs);
                        self.error(knob.span(), p.message, p.hint);
                        continue;
                    }
                    // A declared knob whose declaration was wrong has been reported already.
                    match decls.knob(knob.get_ref()).map(|k| k.parse_value(&text)) {
                        Some(Ok(v)) => {
                            set.insert(knob.get_ref().clone(), v);
                        }
                        Some(Err(p)) => self.error(value.span(), p.message, p.hint),
                        None => {}
                    }
                }
            }
            let seed = r.seed.as_ref().and_then(|s| match u64::try_from(*s.get_ref()) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.error(s.span(), format!("seed '{}' is negative", s.get_ref()), Some("use 0 or more".into()));
                    None
                }
            });
            let mut checks = Vec::new();
            match &r.checks {
                Some(list) if !list.get_ref().is_empty() => {
                    for c in list.get_ref() {
                        checks.extend(self.check(c, decls));
                    }
                }
                Some(list) => self.error(
                    list.span(),
                    "expectation has no checks".into(),
                    Some("add at least one, e.g. 'audit_ok()'".into()),
                ),
                None => self.error(
                    e.span(),
                    "expectation has no 'checks'".into(),
                    Some("add checks = ['audit_ok()']".into()),
                ),
            }
            if let Some(schedule) = &r.schedule
                && let Err(why) = crate::lesson::schedule::Schedule::parse(schedule.get_ref())
            {
                self.error(schedule.span(), why, None);
            }
            out.push(Expectation {
                name,
                set,
                schedule: r.schedule.as_ref().map(|s| s.get_ref().clone()),
                seed,
                checks,
            });
        }
        out
    }

    /// Parses one check (or a question's answer, or a task's check) and checks its names,
    /// functions and object arguments; `None` when it does not parse.
    pub(super) fn check(&mut self, c: &SStr, decls: &Decls) -> Option<Check> {
        let origin = self.string_origin(c);
        match parser::parse_expression(c.get_ref(), origin, self.file) {
            Ok(expr) => {
                let mut walk = CheckWalk { decls, file: self.file, diags: Vec::new() };
                walk.expr(&expr);
                self.diags.extend(walk.diags);
                Some(Check { source: c.get_ref().clone(), expr })
            }
            Err(d) => {
                self.diags.extend(d);
                None
            }
        }
    }
}

/// The walk over one check expression.
struct CheckWalk<'a> {
    decls: &'a Decls,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl CheckWalk<'_> {
    fn error(&mut self, e: &Expr, message: String, hint: Option<String>) {
        self.diags.push(Diagnostic::at(self.file, e.pos, message, hint));
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::None => {}
            ExprKind::Str(parts) => {
                for p in parts {
                    if let StrPart::Expr(inner) = p {
                        self.expr(inner);
                    }
                }
            }
            ExprKind::Name(n) if self.decls.knob_names.contains(n) => {}
            ExprKind::Name(n) => {
                let hint = did_you_mean(n, self.decls.knob_names.iter().map(String::as_str))
                    .unwrap_or_else(|| "checks may use knob names, literals and check functions".into());
                self.error(e, format!("'{n}' is not a knob"), Some(hint));
            }
            ExprKind::List(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Method { object, method, .. } => {
                self.error(e, format!("checks cannot call methods ('{object}.{method}()')"), Some(usage_list()));
            }
            ExprKind::Attr { object, attr } => {
                self.error(e, format!("checks cannot read attributes ('{object}.{attr}')"), Some(usage_list()));
            }
            ExprKind::Call { func, args, kwargs } => {
                let Some(sig) = CHECK_FUNCTIONS.iter().find(|s| s.name == func) else {
                    let hint = did_you_mean(func, CHECK_FUNCTIONS.iter().map(|s| s.name)).unwrap_or_else(usage_list);
                    self.error(e, format!("unknown check function '{func}'"), Some(hint));
                    return;
                };
                if args.len() < sig.min || args.len() > sig.max || !kwargs.is_empty() {
                    self.error(e, format!("wrong arguments to '{func}'"), Some(format!("call it as {}", sig.usage)));
                }
                for a in args {
                    if TAKES_RESOURCE.contains(&sig.name) {
                        self.object_arg(a);
                    } else {
                        self.expr(a);
                    }
                }
            }
        }
    }
}

impl CheckWalk<'_> {
    /// The argument of `max_holders`, `max_waiters` and `items`: an object's name as a string.
    fn object_arg(&mut self, a: &Expr) {
        let resources = || self.decls.resource_kinds.keys().map(String::as_str);
        match &a.kind {
            ExprKind::Name(n) if self.decls.resource_kinds.contains_key(n) => {
                self.error(
                    a,
                    format!("'{n}' must be quoted here"),
                    Some(format!("write the object's name as a string: \"{n}\"")),
                );
            }
            // Objects a script creates itself are named `name@Process-N`; only declared ones are known here.
            ExprKind::Str(parts) => {
                if let [StrPart::Lit(name)] = parts.as_slice()
                    && let Some(names) = &self.decls.program_names
                    && !names.contains(name)
                {
                    let hint = did_you_mean(name, names.iter().map(String::as_str)).unwrap_or_else(|| {
                        "a shared object is named after the variable the program assigns it to".into()
                    });
                    self.error(a, format!("the program assigns no object to '{name}'"), Some(hint));
                } else if let [StrPart::Lit(name)] = parts.as_slice()
                    && self.decls.program_names.is_none()
                    && !name.contains('@')
                    && !self.decls.resource_kinds.contains_key(name)
                {
                    let hint = did_you_mean(name, resources())
                        .unwrap_or_else(|| format!("resources: {}", resources().collect::<Vec<_>>().join(", ")));
                    self.error(a, format!("no resource '{name}'"), Some(hint));
                }
                self.expr(a);
            }
            _ => self.expr(a),
        }
    }
}

fn usage_list() -> String {
    format!("check functions: {}", CHECK_FUNCTIONS.iter().map(|s| s.name).collect::<Vec<_>>().join(", "))
}
