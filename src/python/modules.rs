//! The modules forkbook provides itself (`time`, `os`, `sys`, `json`, `random`, `math`,
//! `queue`), `open()` for real files, and `import`: forkbook's own modules first, then
//! the host's (`multiprocessing`), each imported once per process and cached.

mod files;
mod json;
mod math;
mod os;
mod queue;
mod random;
mod sys;
mod time;

use std::rc::Rc;

use super::builtins::native;
use super::exception::{Exc, ExcKind};
use super::host::Host;
use super::interp::Interpreter;
use super::object::{Attrs, Module, NativeFn, Obj};

pub use files::{fetch, forget_file_changes, io_error, open, report_file_changes};
pub use random::Mt19937;

/// A module of natives and values.
fn make_module(name: &str, functions: &[(&str, NativeFn)], values: Vec<(&str, Obj)>) -> Obj {
    let mut attrs = Attrs::default();
    for (fname, f) in functions {
        attrs.set(Rc::from(*fname), native(fname, *f));
    }
    for (key, value) in values {
        attrs.set(Rc::from(key), value);
    }
    Obj::Module(Rc::new(Module::new(name, attrs)))
}

impl Interpreter {
    /// `import name`: the module object, imported once.
    pub(crate) fn import(&mut self, host: &mut dyn Host, name: &str) -> Result<Obj, Exc> {
        if let Some(found) = self.modules.get(name) {
            return Ok(found.clone());
        }
        let made = match name {
            "time" => time::module(),
            "os" => os::module(host),
            "os.path" => {
                let os = self.import(host, "os")?;
                return self.getattr(host, &os, "path");
            }
            "sys" => sys::module(host),
            "json" => json::module(self),
            "random" => random::module(),
            "math" => math::module(),
            "queue" => queue::module(self),
            "heapq" => queue::heapq_module(),
            _ => match host.import(self, name) {
                Some(result) => result?,
                None => {
                    return Err(Exc::new(ExcKind::ModuleNotFoundError, format!("No module named '{name}'")));
                }
            },
        };
        if let Some((parent, child)) = name.rsplit_once('.') {
            let parent = self.import(host, parent)?;
            if self.getattr(host, &parent, child).is_err() {
                self.setattr(host, &parent, child, made.clone())?;
            }
        }
        self.modules.insert(Rc::from(name), made.clone());
        Ok(made)
    }

    /// `from module import name`: an attribute of the module, or its submodule.
    pub(crate) fn import_name(
        &mut self,
        host: &mut dyn Host,
        module: &Obj,
        module_name: &str,
        name: &str,
    ) -> Result<Obj, Exc> {
        if let Ok(value) = self.getattr(host, module, name) {
            return Ok(value);
        }
        let sub = format!("{module_name}.{name}");
        if let Ok(value) = self.import(host, &sub) {
            return Ok(value);
        }
        Err(Exc::new(
            ExcKind::ImportError,
            format!("cannot import name '{name}' from '{module_name}' (unknown location)"),
        ))
    }

    /// `random`'s generator, seeded from the host on first use.
    pub(crate) fn rng(&mut self, host: &mut dyn Host) -> &mut Mt19937 {
        if self.random.is_none() {
            self.random = Some(Mt19937::from_u64(host.random_seed()));
        }
        self.random.get_or_insert_with(|| Mt19937::from_u64(0))
    }
}
