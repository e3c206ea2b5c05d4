//! `repr()` and `str()` of every object, exactly as CPython writes them: floats through
//! `crate::value`, containers item by item (a list holding itself prints `[...]`),
//! instances through their `__repr__`/`__str__`, exceptions through their arguments.

use super::Interpreter;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::object::{Args, MethodFunc, Obj, View, Wrapper};
use crate::value::Value;

impl Interpreter {
    pub(crate) fn repr_of(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<String, Exc> {
        Ok(match obj {
            Obj::None => "None".into(),
            Obj::Ellipsis => "Ellipsis".into(),
            Obj::NotImplemented => "NotImplemented".into(),
            Obj::Bool(b) => if *b { "True" } else { "False" }.into(),
            Obj::Int(i) => i.to_string(),
            Obj::Float(x) => Value::Float(*x).to_string(),
            Obj::Str(s) => Value::Str(s.to_string()).repr(),
            Obj::Bytes(b) => crate::value::bytes_repr(b),
            Obj::List(list) => {
                let items = list.borrow().clone();
                return self.guarded(obj, "[...]", |this| this.seq_repr(host, &items, "[", "]", false));
            }
            Obj::Tuple(items) => {
                let items = items.to_vec();
                return self.guarded(obj, "(...)", |this| this.seq_repr(host, &items, "(", ")", true));
            }
            Obj::FrozenSet(set) => {
                let items = set.keys();
                if items.is_empty() {
                    return Ok("frozenset()".into());
                }
                let inner = self.guarded(obj, "{...}", |this| this.seq_repr(host, &items, "{", "}", false))?;
                format!("frozenset({inner})")
            }
            Obj::Set(set) => {
                let items = set.borrow().keys();
                if items.is_empty() {
                    return Ok("set()".into());
                }
                return self.guarded(obj, "{...}", |this| this.seq_repr(host, &items, "{", "}", false));
            }
            Obj::Dict(dict) => {
                let pairs: Vec<(Obj, Obj)> = dict.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                return self.guarded(obj, "{...}", |this| this.dict_repr(host, &pairs));
            }
            Obj::View(view) => {
                let items = self.collect_view(obj);
                let name = match view.0 {
                    View::Keys => "dict_keys",
                    View::Values => "dict_values",
                    View::Items => "dict_items",
                };
                format!("{name}({})", self.seq_repr(host, &items, "[", "]", false)?)
            }
            Obj::Range(r) => match r[2] {
                1 => format!("range({}, {})", r[0], r[1]),
                step => format!("range({}, {}, {step})", r[0], r[1]),
            },
            Obj::Slice(parts) => {
                let mut texts = Vec::new();
                for part in parts.iter() {
                    texts.push(self.repr_of(host, part)?);
                }
                format!("slice({})", texts.join(", "))
            }
            Obj::Function(fun) => format!("<function {} at {}>", fun.code.qualname, address(obj)),
            Obj::Native(native) => format!("<built-in function {}>", native.name),
            Obj::Method(method) => match &method.func {
                MethodFunc::Call(Obj::Function(fun)) => {
                    let receiver = self.repr_of(host, &method.receiver)?;
                    format!("<bound method {} of {receiver}>", fun.code.qualname)
                }
                MethodFunc::Call(_) => format!("<bound method of {}>", self.repr_of(host, &method.receiver)?),
                MethodFunc::Named(name) => format!(
                    "<built-in method {name} of {} object at {}>",
                    method.receiver.type_name(),
                    address(&method.receiver)
                ),
            },
            Obj::Class(class) => match &*class.module {
                "builtins" => format!("<class '{}'>", class.qualname),
                module => format!("<class '{module}.{}'>", class.qualname),
            },
            Obj::Type(ty) => format!("<class '{}'>", ty.name()),
            Obj::Module(module) => match &*module.name {
                "<stdout>" | "<stderr>" => {
                    format!("<_io.TextIOWrapper name='{}' mode='w' encoding='utf-8'>", module.name)
                }
                name => format!("<module '{name}'>"),
            },
            Obj::Iter(iter) => {
                let name = iter.try_borrow().map_or("iterator", |it| it.type_name());
                if name == "generator" {
                    format!("<generator object <genexpr> at {}>", address(obj))
                } else {
                    format!("<{name} object at {}>", address(obj))
                }
            }
            Obj::File(file) => {
                let file = file.borrow();
                format!("<_io.TextIOWrapper name='{}' mode='{}' encoding='UTF-8'>", file.name, file.mode_text)
            }
            Obj::Host(h) => host.repr(h),
            Obj::Wrapper(wrapper) => match &**wrapper {
                Wrapper::Property { .. } => format!("<property object at {}>", address(obj)),
                Wrapper::Static(_) => format!("<staticmethod object at {}>", address(obj)),
                Wrapper::ClassMethod(_) => format!("<classmethod object at {}>", address(obj)),
            },
            Obj::Super(sup) => format!("<super: <class '{}'>, <{} object>>", sup.class.name, sup.receiver.type_name()),
            Obj::Instance(instance) => match instance.class.lookup("__repr__") {
                Some(repr) => {
                    let result = self.call_obj(host, &repr, Args::new(vec![obj.clone()]))?;
                    match result {
                        Obj::Str(s) => s.to_string(),
                        other => {
                            return Err(Exc::type_error(format!(
                                "__repr__ returned non-string (type {})",
                                other.type_name()
                            )));
                        }
                    }
                }
                None => self.default_repr(host, obj),
            },
        })
    }

    pub(crate) fn str_of(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<String, Exc> {
        match obj {
            Obj::Str(s) => Ok(s.to_string()),
            Obj::Instance(instance) => match instance.class.lookup("__str__") {
                Some(str_method) => {
                    let result = self.call_obj(host, &str_method, Args::new(vec![obj.clone()]))?;
                    match result {
                        Obj::Str(s) => Ok(s.to_string()),
                        other => {
                            Err(Exc::type_error(format!("__str__ returned non-string (type {})", other.type_name())))
                        }
                    }
                }
                None => self.repr_of(host, obj),
            },
            Obj::Host(h) => match host.str(self, h) {
                Some(text) => text,
                None => self.repr_of(host, obj),
            },
            other => self.repr_of(host, other),
        }
    }

    /// `<__main__.Point object at 0x7f...>`.
    pub(crate) fn default_repr(&mut self, _host: &mut dyn Host, obj: &Obj) -> String {
        match obj {
            Obj::Instance(instance) => {
                format!("<{}.{} object at {}>", instance.class.module, instance.class.qualname, address(obj))
            }
            other => format!("<{} object at {}>", other.type_name(), address(other)),
        }
    }

    /// Runs `f` unless `obj` is already being repr'd further up (then gives `cycle`).
    fn guarded(
        &mut self,
        obj: &Obj,
        cycle: &str,
        f: impl FnOnce(&mut Self) -> Result<String, Exc>,
    ) -> Result<String, Exc> {
        let at = obj.address().unwrap_or(0);
        if self.repr_stack.contains(&at) {
            return Ok(cycle.into());
        }
        self.repr_stack.push(at);
        let result = f(self);
        self.repr_stack.pop();
        result
    }

    fn seq_repr(
        &mut self,
        host: &mut dyn Host,
        items: &[Obj],
        open: &str,
        close: &str,
        tuple: bool,
    ) -> Result<String, Exc> {
        let mut out = String::from(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr_of(host, item)?);
            too_long(&out)?;
        }
        if tuple && items.len() == 1 {
            out.push(',');
        }
        out.push_str(close);
        Ok(out)
    }

    fn dict_repr(&mut self, host: &mut dyn Host, pairs: &[(Obj, Obj)]) -> Result<String, Exc> {
        let mut out = String::from("{");
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr_of(host, key)?);
            out.push_str(": ");
            out.push_str(&self.repr_of(host, value)?);
            too_long(&out)?;
        }
        out.push('}');
        Ok(out)
    }
}

/// The longest repr forkbook builds, in bytes: a container's repr past it raises MemoryError
/// before it can outgrow the process's memory (a list repeated inside itself grows fast).
const REPR_MAX: usize = 64 << 20;

fn too_long(text: &str) -> Result<(), Exc> {
    if text.len() > REPR_MAX {
        return Err(Exc::new(crate::python::ExcKind::MemoryError, "repr too long (forkbook builds at most 64 MiB)"));
    }
    Ok(())
}

/// An object's address as CPython prints it (`0x7f3a...`).
pub(crate) fn address(obj: &Obj) -> String {
    format!("{:#x}", obj.address().unwrap_or(0))
}
