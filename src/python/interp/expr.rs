//! Evaluating expressions: names through their resolved slots, operators through `ops` and
//! `compare`, calls through `call`, displays and comprehensions, f-strings through
//! `format`. `and`/`or`/`if-else` evaluate only what Python evaluates.

use std::rc::Rc;

use super::{Frame, Interpreter};
use crate::python::code::{Elt, Expr, FPart, Name};
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Key, Obj, Super, Table};

impl Interpreter {
    pub(super) fn eval(&mut self, host: &mut dyn Host, f: &mut Frame, expr: &Expr) -> Result<Obj, Exc> {
        match expr {
            Expr::Const(obj) => Ok(obj.clone()),
            Expr::Load(name) => self.load(f, name),
            Expr::Attr(obj, name) => {
                let obj = self.eval(host, f, obj)?;
                self.get_attr(host, &obj, name)
            }
            Expr::Item(pair) => {
                let obj = self.eval(host, f, &pair.0)?;
                let index = self.eval(host, f, &pair.1)?;
                self.get_item(host, &obj, &index)
            }
            Expr::Slice(parts) => {
                let mut bounds = [Obj::None, Obj::None, Obj::None];
                for (bound, part) in bounds.iter_mut().zip(parts.iter()) {
                    if let Some(e) = part {
                        *bound = self.eval(host, f, e)?;
                    }
                }
                Ok(Obj::Slice(Rc::new(bounds)))
            }
            Expr::Binary(pair, op) => {
                let left = self.eval(host, f, &pair.0)?;
                let right = self.eval(host, f, &pair.1)?;
                self.binary(host, *op, &left, &right)
            }
            Expr::Neg(e) => {
                let value = self.eval(host, f, e)?;
                self.negate(host, &value)
            }
            Expr::Pos(e) => {
                let value = self.eval(host, f, e)?;
                self.positive(host, &value)
            }
            Expr::Invert(e) => {
                let value = self.eval(host, f, e)?;
                self.invert(host, &value)
            }
            Expr::Not(e) => {
                let value = self.eval(host, f, e)?;
                Ok(Obj::Bool(!self.truth(host, &value)?))
            }
            Expr::And(values) => {
                let mut last = Obj::None;
                for e in values {
                    last = self.eval(host, f, e)?;
                    if !self.truth(host, &last)? {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Or(values) => {
                let mut last = Obj::None;
                for e in values {
                    last = self.eval(host, f, e)?;
                    if self.truth(host, &last)? {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Compare(left, rest) => {
                let mut left = self.eval(host, f, left)?;
                for (op, right) in rest {
                    let right = self.eval(host, f, right)?;
                    if !self.compare(host, *op, &left, &right)? {
                        return Ok(Obj::Bool(false));
                    }
                    left = right;
                }
                Ok(Obj::Bool(true))
            }
            Expr::IfElse(parts) => {
                let test = self.eval(host, f, &parts.0)?;
                let chosen = if self.truth(host, &test)? { &parts.1 } else { &parts.2 };
                self.eval(host, f, chosen)
            }
            Expr::Call(call) => {
                let func = self.eval(host, f, &call.func)?;
                let args = self.args(host, f, &call.args, &call.kwargs, None)?;
                self.call_obj(host, &func, args)
            }
            Expr::Method(parts) => {
                let (receiver, name, call) = &**parts;
                let receiver = self.eval(host, f, receiver)?;
                let args = self.args(host, f, &call.args, &call.kwargs, None)?;
                self.method(host, &receiver, name, args)
            }
            Expr::List(elts) => Ok(Obj::list(self.elts(host, f, elts)?)),
            Expr::Tuple(elts) => Ok(Obj::tuple(self.elts(host, f, elts)?)),
            Expr::Set(elts) => {
                let mut table = Table::new();
                for item in self.elts(host, f, elts)? {
                    table.insert(Key::of(&item)?, item, ());
                }
                Ok(Obj::set(table))
            }
            Expr::Dict(items) => {
                let mut table = Table::new();
                for (key, value) in items {
                    match key {
                        Some(key) => {
                            let key = self.eval(host, f, key)?;
                            let value = self.eval(host, f, value)?;
                            table.insert(Key::of(&key)?, key, value);
                        }
                        None => {
                            let mapping = self.eval(host, f, value)?;
                            for (key, value) in self.mapping_items(host, &mapping)? {
                                table.insert(Key::of(&key)?, key, value);
                            }
                        }
                    }
                }
                Ok(Obj::dict(table))
            }
            Expr::Comp(comp) => self.comprehension(host, f, comp),
            Expr::Lambda(def) => self.make_function(host, f, def),
            Expr::FString(parts) => Ok(Obj::from(self.fstring(host, f, parts)?)),
            Expr::Named(pair) => {
                let value = self.eval(host, f, &pair.1)?;
                self.assign(host, f, &pair.0, value.clone())?;
                Ok(value)
            }
            Expr::Super(names) => {
                let class = match self.load(f, &names.0)? {
                    Obj::Class(class) => class,
                    _ => return Err(Exc::runtime_error("super(): __class__ is not a type")),
                };
                let receiver = self.load(f, &names.1).map_err(|_| Exc::runtime_error("super(): arg[0] deleted"))?;
                Ok(Obj::Super(Rc::new(Super { class, receiver })))
            }
        }
    }

    /// The value of a variable, or the NameError CPython raises.
    pub(super) fn load(&self, f: &Frame, name: &Name) -> Result<Obj, Exc> {
        match name {
            Name::Local(i) => f.locals[*i as usize].clone().ok_or_else(|| {
                let name = &f.code.local_names[*i as usize];
                Exc::new(
                    ExcKind::UnboundLocalError,
                    format!("cannot access local variable '{name}' where it is not associated with a value"),
                )
            }),
            Name::Cell(i) => f.cells[*i as usize].borrow().clone().ok_or_else(|| {
                let name = f.code.cell_name(*i);
                if (*i as usize) < f.code.cell_names.len() {
                    Exc::new(
                        ExcKind::UnboundLocalError,
                        format!("cannot access local variable '{name}' where it is not associated with a value"),
                    )
                } else {
                    Exc::new(
                        ExcKind::NameError,
                        format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                    )
                }
            }),
            Name::Global(i) => {
                let i = *i as usize;
                match &self.globals[i] {
                    Some(obj) => Ok(obj.clone()),
                    None => self.builtin_of_slot[i].clone().ok_or_else(|| {
                        Exc::new(ExcKind::NameError, format!("name '{}' is not defined", self.program.lowered.globals[i]))
                    }),
                }
            }
            Name::Class(key, fallback) => {
                let found = f.ns.as_ref().and_then(|ns| ns.borrow().get(key).cloned());
                match found {
                    Some(obj) => Ok(obj),
                    None => self.load(f, fallback),
                }
            }
        }
    }

    /// The items of a display or the positional arguments, with `*iterable` spread.
    pub(super) fn elts(&mut self, host: &mut dyn Host, f: &mut Frame, elts: &[Elt]) -> Result<Vec<Obj>, Exc> {
        let mut out = Vec::with_capacity(elts.len());
        for elt in elts {
            match elt {
                Elt::One(e) => out.push(self.eval(host, f, e)?),
                Elt::Star(e) => {
                    let iterable = self.eval(host, f, e)?;
                    out.extend(self.collect(host, &iterable)?);
                }
            }
        }
        Ok(out)
    }

    fn fstring(&mut self, host: &mut dyn Host, f: &mut Frame, parts: &[FPart]) -> Result<String, Exc> {
        let mut out = String::new();
        for part in parts {
            match part {
                FPart::Lit(text) => out.push_str(text),
                FPart::Value { expr, conv, spec } => {
                    let value = self.eval(host, f, expr)?;
                    let spec = match spec {
                        Some(parts) => self.fstring(host, f, parts)?,
                        None => String::new(),
                    };
                    out.push_str(&self.format_converted(host, &value, *conv, &spec)?);
                }
            }
        }
        Ok(out)
    }
}
