//! Script checks: parses each `[scripts.NAME]` and walks it against the lesson's names.
//! Every name must be defined, every function built in and called with the right number of
//! arguments, every method allowed on its object's kind (did-you-mean hints throughout),
//! `Process` targets must be scripts given the right `args`, `break` must be in a loop.

use std::collections::{BTreeMap, BTreeSet};

use super::Cx;
use super::decls::Decls;
use super::signatures::{BUILTINS, ERRORS, OS, Sig, VAR_ATTRS, all_method_names, any_method, methods_of};
use crate::lesson::Script;
use crate::lesson::diagnostic::{Diagnostic, did_you_mean};
use crate::lesson::raw::{RawLesson, in_file_order};
use crate::lesson::script::{Expr, ExprKind, Pos, Stmt, StmtKind, StrPart, parser};

/// What a name stands for inside one script.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sym<'a> {
    Local,
    Resource(&'a str),
    End,
    Knob,
    Script,
    Os,
    Undefined,
}

impl Cx<'_> {
    /// Parses and checks every script; `main` must exist.
    pub(super) fn scripts(&mut self, raw: &RawLesson, decls: &Decls, python_lines: u32) -> BTreeMap<String, Script> {
        let mut out = BTreeMap::new();
        if !raw.scripts.keys().any(|k| k.get_ref() == "main") {
            self.error_at(
                Pos { line: 1, col: 1 },
                "missing '[scripts.main]', the lesson's main process".into(),
                Some("add [scripts.main] with code = '''...'''".into()),
            );
        }
        for (name, script) in in_file_order(&raw.scripts) {
            let Some(code) = &script.get_ref().code else {
                self.error(
                    script.span(),
                    format!("script '{}' has no 'code'", name.get_ref()),
                    Some("add code = '''...'''".into()),
                );
                continue;
            };
            let origin = self.string_origin(code);
            let body = match parser::parse_script_for(code.get_ref(), origin, self.file, Some(python_lines)) {
                Ok(body) => body,
                Err(diags) => {
                    self.diags.extend(diags);
                    continue;
                }
            };
            let params = decls.scripts.get(name.get_ref()).cloned().unwrap_or_default();
            let mut locals: BTreeSet<String> = params.iter().cloned().collect();
            assigned(&body, &mut locals);
            let mut check =
                ScriptCheck { decls, params: &params, locals, file: self.file, diags: Vec::new(), loops: 0 };
            check.block(&body);
            self.diags.extend(check.diags);
            out.insert(name.get_ref().clone(), Script { name: name.get_ref().clone(), params, body });
        }
        out
    }
}

/// Names a script binds: assignment targets, loop variables and `except … as` names.
fn assigned(body: &[Stmt], out: &mut BTreeSet<String>) {
    for s in body {
        match &s.kind {
            StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
                out.insert(target.clone());
            }
            StmtKind::If { branches, otherwise } => {
                branches.iter().for_each(|(_, b)| assigned(b, out));
                assigned(otherwise, out);
            }
            StmtKind::For { var, body, .. } => {
                out.insert(var.clone());
                assigned(body, out);
            }
            StmtKind::While { body, .. } | StmtKind::Repeat { body, .. } | StmtKind::Loop { body } => {
                assigned(body, out)
            }
            StmtKind::Try { body, handlers } => {
                assigned(body, out);
                for h in handlers {
                    out.extend(h.bind.clone());
                    assigned(&h.body, out);
                }
            }
            _ => {}
        }
    }
}

/// The walk over one script.
struct ScriptCheck<'a> {
    decls: &'a Decls,
    params: &'a [String],
    locals: BTreeSet<String>,
    file: &'a str,
    diags: Vec<Diagnostic>,
    loops: usize,
}

impl<'a> ScriptCheck<'a> {
    fn error(&mut self, pos: Pos, message: String, hint: Option<String>) {
        self.diags.push(Diagnostic::at(self.file, pos, message, hint));
    }

    fn resolve(&self, name: &str) -> Sym<'a> {
        if self.locals.contains(name) {
            Sym::Local
        } else if self.decls.ends.contains_key(name) {
            Sym::End
        } else if let Some(kind) = self.decls.resource_kinds.get(name) {
            // A resource whose kind is wrong (already reported) is checked like a variable.
            if *kind == "?" { Sym::Local } else { Sym::Resource(kind) }
        } else if self.decls.knob_names.iter().any(|k| k == name) {
            Sym::Knob
        } else if self.decls.scripts.contains_key(name) {
            Sym::Script
        } else if name == "os" {
            Sym::Os
        } else {
            Sym::Undefined
        }
    }

    fn undefined(&mut self, name: &str, pos: Pos) {
        let d = self.decls;
        let mut names: Vec<&str> = self.locals.iter().map(String::as_str).collect();
        names.extend(d.knob_names.iter().map(String::as_str));
        names.extend(d.resource_kinds.keys().map(String::as_str));
        names.extend(d.ends.keys().map(String::as_str));
        names.push("os");
        let hint = did_you_mean(name, names).or_else(|| {
            did_you_mean(name, BUILTINS.iter().map(|b| b.name))
                .map(|dym| format!("{dym} (a function: call it with '()')"))
        });
        self.error(
            pos,
            format!("undefined name '{name}'"),
            hint.or_else(|| Some("declare it as a knob or resource, or assign it first".into())),
        );
    }

    fn block(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn loop_body(&mut self, body: &[Stmt]) {
        self.loops += 1;
        self.block(body);
        self.loops -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
                self.target(target, s.pos);
                self.expr(value);
            }
            StmtKind::SetAttr { object, attr, value } => {
                self.attr(object, attr, s.pos, Access::Set);
                self.expr(value);
            }
            StmtKind::AugSetAttr { object, attr, value, .. } => {
                self.attr(object, attr, s.pos, Access::Aug);
                self.expr(value);
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::If { branches, otherwise } => {
                for (cond, body) in branches {
                    self.expr(cond);
                    self.block(body);
                }
                self.block(otherwise);
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.loop_body(body);
            }
            StmtKind::For { var, iter, body } => {
                self.target(var, s.pos);
                self.expr(iter);
                self.loop_body(body);
            }
            StmtKind::Repeat { count, body } => {
                self.expr(count);
                self.loop_body(body);
            }
            StmtKind::Loop { body } => self.loop_body(body),
            StmtKind::Break | StmtKind::Continue if self.loops == 0 => {
                let word = if matches!(s.kind, StmtKind::Break) { "break" } else { "continue" };
                self.error(
                    s.pos,
                    format!("'{word}' outside a loop"),
                    Some("use it inside while, for, repeat or loop".into()),
                );
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => {}
            StmtKind::Try { body, handlers } => {
                self.block(body);
                for h in handlers {
                    self.error_class(&h.error, h.pos);
                    if let Some(bind) = &h.bind {
                        self.target(bind, h.pos);
                    }
                    self.block(&h.body);
                }
            }
            StmtKind::Raise { error, message } => {
                self.error_class(error, s.pos);
                if let Some(m) = message {
                    self.expr(m);
                }
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.expr(v);
                }
            }
        }
    }

    fn error_class(&mut self, error: &str, pos: Pos) {
        if !ERRORS.contains(&error) {
            let hint = did_you_mean(error, ERRORS.iter().copied())
                .unwrap_or_else(|| format!("known errors: {}", ERRORS.join(", ")));
            self.error(pos, format!("unknown error class '{error}'"), Some(hint));
        }
    }

    /// A name being assigned. Like a Python local it may shadow a knob or resource (the
    /// "a lock created per process" bug does exactly that); scripts and built-ins may not be.
    fn target(&mut self, name: &str, pos: Pos) {
        if self.params.iter().any(|p| p == name) {
            return;
        }
        let what = if self.decls.scripts.contains_key(name) {
            "script"
        } else if name == "os" || BUILTINS.iter().any(|b| b.name == name) {
            "built-in"
        } else {
            return;
        };
        self.error(
            pos,
            format!("cannot assign to the {what} '{name}'"),
            Some("use another name for the variable".into()),
        );
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
            ExprKind::Name(n) => self.name(n, e.pos),
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
            ExprKind::Attr { object, attr } => self.attr(object, attr, e.pos, Access::Read),
            ExprKind::Call { func, args, kwargs } => self.call(func, args, kwargs, e.pos),
            ExprKind::Method { object, method, args, kwargs } => self.method(object, method, args, kwargs, e.pos),
        }
    }

    fn name(&mut self, n: &str, pos: Pos) {
        match self.resolve(n) {
            Sym::Undefined => self.undefined(n, pos),
            // A script name is a function: a Process target, a pool task or a callback.
            Sym::Script => {}
            Sym::Resource("Pipe") => self.pipe_itself(n, pos),
            Sym::Os => self.error(pos, "'os' can only be used as os.getpid()".into(), None),
            _ => {}
        }
    }

    fn pipe_itself(&mut self, n: &str, pos: Pos) {
        let ends: Vec<String> =
            self.decls.ends.iter().filter(|(_, p)| *p == n).map(|(e, _)| format!("'{e}'")).collect();
        self.error(
            pos,
            format!("'{n}' is a Pipe, not a connection"),
            Some(format!("use one of its ends: {}", ends.join(" or "))),
        );
    }

    fn args(&mut self, args: &[Expr], kwargs: &[(String, Expr)]) {
        args.iter().for_each(|a| self.expr(a));
        kwargs.iter().for_each(|(_, v)| self.expr(v));
    }

    /// Checks argument counts and keyword names against a signature.
    fn arity(&mut self, what: &str, sig: &Sig, args: &[Expr], kwargs: &[(String, Expr)], pos: Pos) {
        if args.len() < sig.min || args.len() > sig.max {
            self.error(
                pos,
                format!("wrong number of arguments to {what}: {}", args.len()),
                Some(format!("call it as {}", sig.usage)),
            );
        }
        for (k, v) in kwargs {
            if !sig.kwargs.contains(&k.as_str()) {
                let hint =
                    did_you_mean(k, sig.kwargs.iter().copied()).unwrap_or_else(|| format!("call it as {}", sig.usage));
                self.error(v.pos, format!("{what} has no keyword argument '{k}'"), Some(hint));
            }
        }
    }

    fn call(&mut self, func: &str, args: &[Expr], kwargs: &[(String, Expr)], pos: Pos) {
        let Some(sig) = BUILTINS.iter().find(|b| b.name == func) else {
            let hint = did_you_mean(func, BUILTINS.iter().map(|b| b.name)).unwrap_or_else(|| {
                format!("functions: {}", BUILTINS.iter().map(|b| b.name).collect::<Vec<_>>().join(", "))
            });
            let message = match self.resolve(func) {
                Sym::Undefined => format!("unknown function '{func}'"),
                _ => format!("'{func}' is not a function"),
            };
            self.error(pos, message, Some(hint));
            self.args(args, kwargs);
            return;
        };
        self.arity(&format!("'{func}'"), sig, args, kwargs, pos);
        if func != "Process" {
            self.args(args, kwargs);
            return;
        }
        let target = args.first().or_else(|| kwargs.iter().find(|(k, _)| k == "target").map(|(_, v)| v));
        let rest_kwargs: Vec<(String, Expr)> =
            kwargs.iter().filter(|(k, _)| k != "target" && k != "args").cloned().collect();
        self.args(&[], &rest_kwargs);
        let given = kwargs.iter().find(|(k, _)| k == "args").map(|(_, v)| v);
        if let Some(a) = given {
            self.expr(a);
        }
        let scripts = || self.decls.scripts.keys().filter(|s| *s != "main").map(String::as_str);
        let Some(target) = target else {
            self.error(
                pos,
                "Process needs a target".into(),
                Some(format!("e.g. Process(target={}, args=[...])", scripts().next().unwrap_or("worker"))),
            );
            return;
        };
        let script = match &target.kind {
            ExprKind::Name(n) if n != "main" && self.decls.scripts.contains_key(n) => n,
            other => {
                let shown = match other {
                    ExprKind::Name(n) => format!("'{n}'"),
                    _ => "this".to_string(),
                };
                let list = scripts().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
                let hint = match other {
                    ExprKind::Name(n) => did_you_mean(n, scripts()),
                    _ => None,
                }
                .unwrap_or_else(|| {
                    if list.is_empty() {
                        "add a [scripts.NAME] for the child".into()
                    } else {
                        format!("scripts: {list}")
                    }
                });
                self.error(target.pos, format!("Process target {shown} is not a script"), Some(hint));
                return;
            }
        };
        let params = self.decls.scripts.get(script).cloned().unwrap_or_default();
        let count = match given.map(|a| &a.kind) {
            Some(ExprKind::List(items)) => items.len(),
            Some(_) => return,
            None => 0,
        };
        if count != params.len() {
            let at = given.map_or(pos, |a| a.pos);
            let wanted = if params.is_empty() {
                "no arguments".to_string()
            } else {
                format!("{} ({})", plural(params.len()), params.join(", "))
            };
            self.error(
                at,
                format!("script '{script}' takes {wanted}, but args has {count}"),
                Some(format!("pass args=[{}]", params.join(", "))),
            );
        }
    }

    fn method(&mut self, object: &str, method: &str, args: &[Expr], kwargs: &[(String, Expr)], pos: Pos) {
        self.args(args, kwargs);
        let (what, table) = match self.resolve(object) {
            Sym::Undefined => return self.undefined(object, pos),
            Sym::Local => {
                if !any_method(method) {
                    let hint = did_you_mean(method, all_method_names())
                        .unwrap_or_else(|| "see the step language reference for methods".into());
                    self.error(pos, format!("unknown method '{method}' on '{object}'"), Some(hint));
                }
                return;
            }
            Sym::Knob => return self.error(pos, format!("knob '{object}' has no methods"), None),
            Sym::Script => {
                return self.error(
                    pos,
                    format!("script '{object}' has no methods"),
                    Some(format!("start it with Process(target={object})")),
                );
            }
            Sym::Resource("Pipe") => return self.pipe_itself(object, pos),
            Sym::Resource("Value") => {
                return self.error(
                    pos,
                    format!("unknown method '{method}' on Value '{object}'"),
                    Some(format!("a Value has one attribute: {object}.value")),
                );
            }
            Sym::Os => ("os", OS.iter().collect()),
            Sym::End => ("connection", methods_of("connection")),
            Sym::Resource(kind) => (kind, methods_of(kind)),
        };
        match table.iter().find(|s| s.name == method) {
            Some(sig) => self.arity(&format!("'{object}.{method}'"), sig, args, kwargs, pos),
            None => {
                let names = || table.iter().map(|s| s.name);
                let hint = did_you_mean(method, names())
                    .unwrap_or_else(|| format!("{what} methods: {}", names().collect::<Vec<_>>().join(", ")));
                self.error(pos, format!("unknown method '{method}' on {what} '{object}'"), Some(hint));
            }
        }
    }

    fn attr(&mut self, object: &str, attr: &str, pos: Pos, access: Access) {
        let allowed: &[&str] = match self.resolve(object) {
            Sym::Undefined => return self.undefined(object, pos),
            Sym::Resource("Value") => &["value"],
            Sym::Resource("Pipe") => return self.pipe_itself(object, pos),
            Sym::Local => match access {
                Access::Read => VAR_ATTRS,
                Access::Set => &["value", "daemon"],
                Access::Aug => &["value"],
            },
            Sym::Resource(kind) => {
                let hint = if methods_of(kind).iter().any(|s| s.name == attr) {
                    format!("call it: {object}.{attr}()")
                } else {
                    format!("a {kind} has methods, not attributes")
                };
                return self.error(pos, format!("{kind} '{object}' has no attribute '{attr}'"), Some(hint));
            }
            _ => return self.error(pos, format!("'{object}' has no attribute '{attr}'"), None),
        };
        if !allowed.contains(&attr) {
            let hint = did_you_mean(attr, allowed.iter().copied())
                .unwrap_or_else(|| format!("attributes here: {}", allowed.join(", ")));
            let verb = if access == Access::Read { "no attribute" } else { "no settable attribute" };
            self.error(pos, format!("'{object}' has {verb} '{attr}'"), Some(hint));
        }
    }
}

/// How an attribute is used.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    Read,
    Set,
    Aug,
}

fn plural(n: usize) -> String {
    if n == 1 { "1 argument".into() } else { format!("{n} arguments") }
}
