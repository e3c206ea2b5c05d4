//! Expectation checks: each `[[expect]]` names its run, sets knobs to valid values (read by
//! the same parser as `--set`), and lists checks — Python expressions over the finished run
//! (parsed by `lesson::check`) that may use knob names and the check functions, nothing else.

use super::Cx;
use super::decls::Decls;
use crate::lesson::check::{self, Expr, ExprKind, FPart, SourceMap, function_list};
use crate::lesson::diagnostic::{Diagnostic, did_you_mean};
use crate::lesson::knobs::unknown_knob;
use crate::lesson::raw::{RawLesson, SStr, in_file_order};
use crate::lesson::{Check, Expectation, KnobValues};
use crate::value::Value;

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
    /// functions and object arguments; `None` when it does not parse or uses what a check
    /// cannot.
    pub(super) fn check(&mut self, c: &SStr, decls: &Decls) -> Option<Check> {
        let map = SourceMap::new(self.src, c.span(), c.get_ref());
        let index = &self.index;
        let at = |offset: usize| index.pos(map.file_offset(offset));
        let (expr, problems) = check::parse(c.get_ref(), self.file, &at);
        let mut walk = CheckWalk { decls, file: self.file, diags: Vec::new() };
        if let Some(expr) = &expr {
            walk.expr(expr);
        }
        let lowered = problems.is_empty();
        self.diags.extend(problems);
        self.diags.extend(walk.diags);
        Some(Check { source: c.get_ref().clone(), expr: expr.filter(|_| lowered)? })
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
            ExprKind::Const(Value::Str(text)) => self.plain_string(e, text),
            ExprKind::Const(_) => {}
            ExprKind::FString(parts) => {
                for p in parts {
                    if let FPart::Field { expr, .. } = p {
                        self.expr(expr);
                    }
                }
            }
            ExprKind::Name(n) if self.decls.knob_names.contains(n) => {}
            ExprKind::Name(n) => {
                let hint = did_you_mean(n, self.decls.knob_names.iter().map(String::as_str))
                    .unwrap_or_else(|| "checks may use knob names, literals and check functions".into());
                self.error(e, format!("'{n}' is not a knob"), Some(hint));
            }
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::BoolOp { values: items, .. } => {
                items.iter().for_each(|i| self.expr(i));
            }
            ExprKind::Neg(operand) | ExprKind::Not(operand) => self.expr(operand),
            ExprKind::Binary { left, right, .. } | ExprKind::Subscript { base: left, index: right } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Compare { left, rest } => {
                self.expr(left);
                rest.iter().for_each(|(_, r)| self.expr(r));
            }
            ExprKind::Call { func, args } => {
                let Some(f) = check::function(func) else {
                    let hint =
                        did_you_mean(func, check::FUNCTIONS.iter().map(|f| f.name)).unwrap_or_else(function_list);
                    self.error(e, format!("unknown check function '{func}'"), Some(hint));
                    args.iter().for_each(|a| self.expr(a));
                    return;
                };
                if args.len() < f.min || args.len() > f.max {
                    self.error(e, format!("wrong arguments to '{func}'"), Some(format!("call it as {}", f.usage)));
                }
                for a in args {
                    if f.takes_object {
                        self.object_arg(a);
                    } else {
                        self.expr(a);
                    }
                }
            }
        }
    }

    /// Whether `name` is a shared object of the lesson (a name its program assigns to).
    fn is_object(&self, name: &str) -> bool {
        self.decls.program_names.as_ref().is_some_and(|n| n.contains(name))
    }

    /// A plain string holding `{knob}` was meant as an f-string: as it stands, the braces are
    /// compared as written and the check quietly never holds.
    fn plain_string(&mut self, e: &Expr, text: &str) {
        let knob = self.decls.knob_names.iter().find(|k| text.contains(&format!("{{{k}}}")));
        if let Some(k) = knob {
            self.error(
                e,
                format!("'{{{k}}}' in a plain string is not replaced by the knob's value"),
                Some(format!("make it an f-string: f\"{text}\"")),
            );
        }
    }
}

impl CheckWalk<'_> {
    /// The argument of `max_holders`, `max_waiters` and `items`: an object's name as a string.
    fn object_arg(&mut self, a: &Expr) {
        match &a.kind {
            ExprKind::Name(n) if self.is_object(n) => {
                self.error(
                    a,
                    format!("'{n}' must be quoted here"),
                    Some(format!("write the object's name as a string: \"{n}\"")),
                );
            }
            ExprKind::Const(Value::Str(name)) => {
                if let Some(names) = &self.decls.program_names
                    && !names.contains(name)
                {
                    let hint = did_you_mean(name, names.iter().map(String::as_str)).unwrap_or_else(|| {
                        "a shared object is named after the variable the program assigns it to".into()
                    });
                    self.error(a, format!("the program assigns no object to '{name}'"), Some(hint));
                }
                self.expr(a);
            }
            _ => self.expr(a),
        }
    }
}
