//! Storing: assignment to names, attributes, items and unpacking targets (`a, *b = ...`
//! with CPython's "not enough values to unpack" errors), augmented assignment (which
//! evaluates its target's parts once, and extends a list in place), and `del`.

use super::{Frame, Interpreter};
use crate::python::code::{BinaryOp, Expr, Name, Target};
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::Mutate;
use crate::python::object::Obj;

impl Interpreter {
    pub(super) fn assign(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        target: &Target,
        value: Obj,
    ) -> Result<(), Exc> {
        match target {
            Target::Name(name) => {
                self.store_name(f, name, Some(value));
                Ok(())
            }
            Target::Attr(obj, name) => {
                let obj = self.eval(host, f, obj)?;
                self.set_attr(host, &obj, name, value)
            }
            Target::Item(obj, index) => {
                let obj = self.eval(host, f, obj)?;
                let index = self.eval(host, f, index)?;
                self.set_item(host, &obj, &index, value)
            }
            Target::Unpack(targets, star) => {
                let items = self.unpack(host, &value, targets.len(), *star)?;
                for (target, item) in targets.iter().zip(items) {
                    self.assign(host, f, target, item)?;
                }
                Ok(())
            }
        }
    }

    /// Binds (or, with `None`, unbinds) a variable.
    pub(super) fn store_name(&mut self, f: &mut Frame, name: &Name, value: Option<Obj>) {
        use crate::python::object::{rebound, rebound_global, rebound_local};
        match name {
            Name::Local(i) => {
                rebound_local(f.id, *i);
                f.locals[*i as usize] = value;
            }
            Name::Cell(i) => {
                rebound();
                *f.cells[*i as usize].borrow_mut() = value;
            }
            Name::Global(i) => {
                rebound_global();
                self.globals[*i as usize] = value;
            }
            Name::Class(key, fallback) => match &f.ns {
                Some(ns) => {
                    rebound();
                    match value {
                        Some(value) => ns.mutate().set(key.clone(), value),
                        None => {
                            ns.mutate().remove(key);
                        }
                    }
                }
                None => self.store_name(f, fallback, value),
            },
        }
    }

    /// The items of `value` for `n` targets, the starred one (if any) taking a list.
    fn unpack(&mut self, host: &mut dyn Host, value: &Obj, n: usize, star: Option<usize>) -> Result<Vec<Obj>, Exc> {
        let items = self.collect(host, value)?;
        match star {
            None if items.len() == n => Ok(items),
            None if items.len() < n => {
                Err(Exc::value_error(format!("not enough values to unpack (expected {n}, got {})", items.len())))
            }
            None => Err(Exc::value_error(format!("too many values to unpack (expected {n})"))),
            Some(at) => {
                if items.len() < n - 1 {
                    return Err(Exc::value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        n - 1,
                        items.len()
                    )));
                }
                let after = n - 1 - at;
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(at);
                items.push(Obj::list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    pub(super) fn aug_assign(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        target: &Target,
        op: BinaryOp,
        value: &Expr,
    ) -> Result<(), Exc> {
        match target {
            Target::Name(name) => {
                let current = self.load(f, name)?;
                let value = self.eval(host, f, value)?;
                let result = self.in_place(host, op, &current, &value)?;
                self.store_name(f, name, Some(result));
                Ok(())
            }
            Target::Attr(obj, name) => {
                let obj = self.eval(host, f, obj)?;
                let current = self.get_attr(host, &obj, name)?;
                let value = self.eval(host, f, value)?;
                let result = self.in_place(host, op, &current, &value)?;
                self.set_attr(host, &obj, name, result)
            }
            Target::Item(obj, index) => {
                let obj = self.eval(host, f, obj)?;
                let index = self.eval(host, f, index)?;
                let current = self.get_item(host, &obj, &index)?;
                let value = self.eval(host, f, value)?;
                let result = self.in_place(host, op, &current, &value)?;
                self.set_item(host, &obj, &index, result)
            }
            Target::Unpack(..) => Err(Exc::new(ExcKind::SyntaxError, "illegal expression for augmented assignment")),
        }
    }

    /// `a op= b`: lists and sets change in place, as their `__iadd__`/`__ior__` do.
    fn in_place(&mut self, host: &mut dyn Host, op: BinaryOp, current: &Obj, value: &Obj) -> Result<Obj, Exc> {
        match (op, current) {
            (BinaryOp::Add, Obj::List(list)) => {
                let items = self.collect(host, value)?;
                list.mutate().extend(items);
                Ok(current.clone())
            }
            (BinaryOp::Mul, Obj::List(list)) => {
                let Some(n) = value.as_int() else { return self.binary(host, op, current, value) };
                let repeated = self.binary(host, op, current, &Obj::Int(n))?;
                if let Obj::List(new) = repeated {
                    let items = std::mem::take(&mut *new.mutate());
                    *list.mutate() = items;
                }
                Ok(current.clone())
            }
            (BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor, Obj::Set(set))
                if matches!(value, Obj::Set(_) | Obj::FrozenSet(_)) =>
            {
                use crate::python::object::set_algebra::{self as algebra, Other};
                let other = Other::Set(value.set_members().unwrap_or_default());
                let mut table = set.borrow().snapshot();
                match op {
                    BinaryOp::BitOr => algebra::update(&mut table, &other),
                    BinaryOp::BitAnd => table = algebra::intersection(&table, &other),
                    BinaryOp::Sub => algebra::difference_update(&mut table, &other),
                    _ => algebra::symmetric_difference_update(&mut table, &other),
                }
                *set.mutate() = table;
                Ok(current.clone())
            }
            (BinaryOp::BitOr, Obj::Dict(dict)) if matches!(value, Obj::Dict(_)) => {
                for (key, item) in self.mapping_items(host, value)? {
                    dict.mutate().insert(crate::python::object::Key::of(&key)?, key, item);
                }
                Ok(current.clone())
            }
            (_, Obj::Instance(instance)) => {
                let name = format!("__i{}", &op.dunders().0[2..]);
                match instance.class.lookup_user(&name) {
                    Some(_) => self.method(host, current, &name, crate::python::object::Args::new(vec![value.clone()])),
                    None => self.binary(host, op, current, value),
                }
            }
            _ => self.binary(host, op, current, value),
        }
    }

    pub(super) fn delete(&mut self, host: &mut dyn Host, f: &mut Frame, target: &Target) -> Result<(), Exc> {
        match target {
            Target::Name(name) => {
                self.load(f, name)?;
                self.store_name(f, name, None);
                Ok(())
            }
            Target::Attr(obj, name) => {
                let obj = self.eval(host, f, obj)?;
                self.del_attr(&obj, name)
            }
            Target::Item(obj, index) => {
                let obj = self.eval(host, f, obj)?;
                let index = self.eval(host, f, index)?;
                self.del_item(host, &obj, &index)
            }
            Target::Unpack(targets, _) => {
                for target in targets {
                    self.delete(host, f, target)?;
                }
                Ok(())
            }
        }
    }
}
