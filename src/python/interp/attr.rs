//! Attributes: reading, writing and deleting `obj.name` with Python's lookup order
//! (properties on the class, then the instance's own attributes, then the class, binding
//! functions into methods), `super()` lookups, modules, host objects, and the methods of
//! built-in types, which bind by name.

use crate::python::object::Mutate;
use std::rc::Rc;

use super::Interpreter;
use crate::python::exception::Exc;
use crate::python::host::{Host, HostKind};
use crate::python::object::{Args, BoundMethod, Class, MethodFunc, Obj, Wrapper};

impl Interpreter {
    pub(super) fn get_attr(&mut self, host: &mut dyn Host, obj: &Obj, name: &str) -> Result<Obj, Exc> {
        match obj {
            Obj::Instance(instance) => {
                let found = instance.class.lookup(name);
                if let Some(Obj::Wrapper(wrapper)) = &found
                    && let Wrapper::Property { get, .. } = &**wrapper
                {
                    return self.call_obj(host, get, Args::new(vec![obj.clone()]));
                }
                if let Some(value) = instance.attrs.borrow().get(name) {
                    return Ok(value.clone());
                }
                if let Some(value) = found {
                    return Ok(bind(value, obj, &instance.class));
                }
                match name {
                    "__class__" => return Ok(Obj::Class(instance.class.clone())),
                    "__dict__" => return Ok(self.attrs_dict(&instance.attrs.borrow())),
                    _ => {}
                }
                if let Some(exc_value) = self.exception_attr(obj, name) {
                    return Ok(exc_value);
                }
                if let Some(getattr) = instance.class.lookup_user("__getattr__") {
                    return self.call_obj(host, &getattr, Args::new(vec![obj.clone(), Obj::str(name)]));
                }
                Err(self.no_attribute(obj, name))
            }
            Obj::Class(class) => match class.lookup(name) {
                Some(Obj::Wrapper(wrapper)) => Ok(match &*wrapper {
                    Wrapper::Static(inner) => inner.clone(),
                    Wrapper::ClassMethod(inner) => method(obj.clone(), MethodFunc::Call(inner.clone())),
                    Wrapper::Property { .. } => Obj::Wrapper(wrapper),
                }),
                Some(value) => Ok(value),
                None => self.class_special(class, name),
            },
            Obj::Super(sup) => self.super_attr(host, &sup.class, &sup.receiver, name),
            Obj::Module(module) => {
                if let Some(value) = module.attrs.borrow().get(name) {
                    return Ok(value.clone());
                }
                match name {
                    "__name__" => Ok(Obj::Str(module.name.clone())),
                    _ => Err(Exc::attribute_error(format!("module '{}' has no attribute '{name}'", module.name))),
                }
            }
            Obj::Host(h) => host.getattr(self, h, name),
            Obj::Function(fun) => {
                if let Some(value) = fun.attrs.borrow().get(name) {
                    return Ok(value.clone());
                }
                match name {
                    "__name__" => Ok(Obj::Str(fun.code.name.clone())),
                    "__qualname__" => Ok(Obj::Str(fun.code.qualname.clone())),
                    "__doc__" => Ok(fun.code.doc.clone().map_or(Obj::None, Obj::Str)),
                    "__module__" => Ok(Obj::str("__main__")),
                    "__defaults__" if !fun.defaults.is_empty() => Ok(Obj::tuple(fun.defaults.clone())),
                    "__defaults__" => Ok(Obj::None),
                    _ => Err(self.no_attribute(obj, name)),
                }
            }
            Obj::Native(native) => match name {
                "__name__" | "__qualname__" => Ok(Obj::Str(native.name.clone())),
                _ => Err(self.no_attribute(obj, name)),
            },
            Obj::Method(m) => match name {
                "__self__" => Ok(m.receiver.clone()),
                "__func__" => match &m.func {
                    MethodFunc::Call(f) => Ok(f.clone()),
                    MethodFunc::Named(_) => Err(self.no_attribute(obj, name)),
                },
                _ => match &m.func {
                    MethodFunc::Call(f) => self.get_attr(host, &f.clone(), name),
                    MethodFunc::Named(n) if name == "__name__" => Ok(Obj::Str(n.clone())),
                    MethodFunc::Named(_) => Err(self.no_attribute(obj, name)),
                },
            },
            Obj::Type(ty) => match name {
                "__name__" | "__qualname__" => Ok(Obj::str(ty.name())),
                _ if crate::python::builtins::has_method(*ty, name) => {
                    Ok(method(obj.clone(), MethodFunc::Named(Rc::from(name))))
                }
                _ => Err(Exc::attribute_error(format!("type object '{}' has no attribute '{name}'", ty.name()))),
            },
            Obj::Wrapper(wrapper) => match (&**wrapper, name) {
                (Wrapper::Property { .. }, "setter" | "getter") => {
                    Ok(method(obj.clone(), MethodFunc::Named(Rc::from(name))))
                }
                (Wrapper::Property { get, .. }, "fget") => Ok(get.clone()),
                (Wrapper::Static(inner) | Wrapper::ClassMethod(inner), "__func__") => Ok(inner.clone()),
                _ => Err(self.no_attribute(obj, name)),
            },
            _ => match crate::python::builtins::attribute(self, obj, name) {
                Some(value) => Ok(value),
                None if crate::python::builtins::has_method(
                    obj.builtin_type().unwrap_or(crate::python::object::Type::Object),
                    name,
                ) =>
                {
                    Ok(method(obj.clone(), MethodFunc::Named(Rc::from(name))))
                }
                None => Err(self.no_attribute(obj, name)),
            },
        }
    }

    pub(super) fn set_attr(&mut self, host: &mut dyn Host, obj: &Obj, name: &str, value: Obj) -> Result<(), Exc> {
        match obj {
            Obj::Instance(instance) => {
                if let Some(Obj::Wrapper(wrapper)) = instance.class.lookup(name)
                    && let Wrapper::Property { set, .. } = &*wrapper
                {
                    let Some(setter) = set else {
                        return Err(Exc::attribute_error(format!(
                            "property '{name}' of '{}' object has no setter",
                            instance.class.name
                        )));
                    };
                    self.call_obj(host, setter, Args::new(vec![obj.clone(), value]))?;
                    return Ok(());
                }
                instance.attrs.mutate().set(Rc::from(name), value);
                Ok(())
            }
            Obj::Class(class) => {
                class.attrs.mutate().set(Rc::from(name), value);
                Ok(())
            }
            Obj::Module(module) => {
                module.attrs.mutate().set(Rc::from(name), value);
                Ok(())
            }
            Obj::Function(fun) => {
                fun.attrs.mutate().set(Rc::from(name), value);
                Ok(())
            }
            Obj::Host(h) => host.setattr(self, h, name, value),
            _ => Err(self.no_attribute(obj, name)),
        }
    }

    pub(crate) fn del_attr(&mut self, obj: &Obj, name: &str) -> Result<(), Exc> {
        let removed = match obj {
            Obj::Instance(instance) => instance.attrs.mutate().remove(name),
            Obj::Class(class) => class.attrs.mutate().remove(name),
            Obj::Module(module) => module.attrs.mutate().remove(name),
            Obj::Function(fun) => fun.attrs.mutate().remove(name),
            _ => None,
        };
        removed.map(|_| ()).ok_or_else(|| self.no_attribute(obj, name))
    }

    /// CPython's AttributeError text for `obj.name`.
    pub(super) fn no_attribute(&self, obj: &Obj, name: &str) -> Exc {
        match obj {
            Obj::Class(class) => {
                Exc::attribute_error(format!("type object '{}' has no attribute '{name}'", class.name))
            }
            Obj::Module(module) => Exc::attribute_error(format!("module '{}' has no attribute '{name}'", module.name)),
            _ => Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name())),
        }
    }

    fn class_special(&self, class: &Rc<Class>, name: &str) -> Result<Obj, Exc> {
        Ok(match name {
            "__name__" => Obj::Str(class.name.clone()),
            "__qualname__" => Obj::Str(class.qualname.clone()),
            "__module__" => Obj::Str(class.module.clone()),
            "__doc__" => Obj::None,
            "__base__" => class.base.clone().map_or(Obj::Type(crate::python::object::Type::Object), Obj::Class),
            "__bases__" => {
                Obj::tuple(vec![class.base.clone().map_or(Obj::Type(crate::python::object::Type::Object), Obj::Class)])
            }
            "__mro__" => {
                let mut chain = Vec::new();
                let mut c = Some(class.clone());
                while let Some(current) = c {
                    chain.push(Obj::Class(current.clone()));
                    c = current.base.clone();
                }
                chain.push(Obj::Type(crate::python::object::Type::Object));
                Obj::tuple(chain)
            }
            "__dict__" => self.attrs_dict(&class.attrs.borrow()),
            _ => return Err(self.no_attribute(&Obj::Class(class.clone()), name)),
        })
    }

    /// `super().name`: found in the bases above `class`, bound to the receiver.
    fn super_attr(&mut self, host: &mut dyn Host, class: &Rc<Class>, receiver: &Obj, name: &str) -> Result<Obj, Exc> {
        let found = class.base.as_ref().and_then(|base| base.lookup(name));
        let owner = match receiver {
            Obj::Instance(instance) => instance.class.clone(),
            Obj::Class(c) => c.clone(),
            _ => class.clone(),
        };
        match found {
            Some(Obj::Wrapper(wrapper)) => match &*wrapper {
                Wrapper::Property { get, .. } => self.call_obj(host, get, Args::new(vec![receiver.clone()])),
                _ => Ok(bind(Obj::Wrapper(wrapper.clone()), receiver, &owner)),
            },
            Some(value) => Ok(bind(value, receiver, &owner)),
            None => match super::class::object_method(name) {
                Some(native) => Ok(method(receiver.clone(), MethodFunc::Call(native))),
                None => Err(Exc::attribute_error(format!("'super' object has no attribute '{name}'"))),
            },
        }
    }

    fn attrs_dict(&self, attrs: &crate::python::object::Attrs) -> Obj {
        let mut table = crate::python::object::Table::new();
        for (key, value) in attrs.iter() {
            table.insert(crate::python::object::Key::Str(key.clone()), Obj::Str(key.clone()), value.clone());
        }
        Obj::dict(table)
    }
}

/// A bound method object.
pub(super) fn method(receiver: Obj, func: MethodFunc) -> Obj {
    Obj::Method(Rc::new(BoundMethod { receiver, func }))
}

/// What a class attribute becomes when read through an instance.
fn bind(value: Obj, receiver: &Obj, class: &Rc<Class>) -> Obj {
    match &value {
        Obj::Function(_) | Obj::Native(_) => method(receiver.clone(), MethodFunc::Call(value)),
        Obj::Host(h) if h.kind == HostKind::Method => method(receiver.clone(), MethodFunc::Call(value)),
        Obj::Wrapper(wrapper) => match &**wrapper {
            Wrapper::Static(inner) => inner.clone(),
            Wrapper::ClassMethod(inner) => method(Obj::Class(class.clone()), MethodFunc::Call(inner.clone())),
            Wrapper::Property { .. } => value,
        },
        _ => value,
    }
}
