//! `repr()` of the `multiprocessing` objects a program makes, in CPython's words: a Lock names
//! its owner (`<Lock(owner=Process-1)>`), an RLock its owner and depth, a Semaphore its value,
//! a Value the number under its wrapper (`<Synchronized wrapper for c_int(3)>`); the others are
//! CPython's default `<multiprocessing.queues.Queue object at 0x…>`. The address is made up
//! from the handle, stable within a process.

use std::sync::atomic::Ordering;

use super::ProcessHost;
use crate::python::HostObj;
use crate::runtime::objects::Obj as Shared;
use crate::runtime::objects::semlock::{SemKind, SemLock};
use crate::runtime::objects::shared_value::SharedValue;

/// The made-up address of the object with handle `i`.
pub(super) fn address(i: usize) -> String {
    format!("0x7f00000{:05x}", 0x2000 + i * 0x40)
}

impl ProcessHost<'_, '_> {
    /// The repr of the object with handle `i`.
    pub(super) fn object_repr(&self, obj: &HostObj, i: usize) -> String {
        let name = self.handles.get(i).map_or("", String::as_str);
        match self.objects.get(name) {
            Some(Shared::Sem(sem)) => self.sem_repr(sem),
            Some(Shared::Condition(c)) => format!("<Condition({}, {})>", self.sem_repr(&c.lock), c.sleepers(self.ctx)),
            Some(Shared::Event(event)) => {
                let set = if event.is_set(self.ctx) { "set" } else { "unset" };
                format!("<Event at {} {set}>", address(i))
            }
            Some(Shared::Value(value)) => self.value_repr(value, obj, i),
            Some(Shared::Queue(_)) => format!("<multiprocessing.queues.{} object at {}>", obj.type_name, address(i)),
            Some(Shared::PipeEnd(_)) => format!("<multiprocessing.connection.Connection object at {}>", address(i)),
            None => format!("<{} object at {}>", obj.type_name, address(i)),
        }
    }

    /// A Lock's, an RLock's or a semaphore's repr.
    fn sem_repr(&self, sem: &SemLock) -> String {
        let slot = self.ctx.region.obj(sem.slot);
        let value = slot.sem.value();
        let mine = slot.owner.load(Ordering::SeqCst) == self.ctx.pid() && slot.depth.load(Ordering::SeqCst) > 0;
        let owner = if mine {
            self.me.name.as_str()
        } else if value == 1 {
            "None"
        } else {
            "SomeOtherProcess"
        };
        match sem.kind {
            SemKind::Lock => format!("<Lock(owner={owner})>"),
            SemKind::RLock => {
                let depth = slot.depth.load(Ordering::SeqCst).to_string();
                let count = if mine {
                    depth.as_str()
                } else if value == 1 {
                    "0"
                } else {
                    "nonzero"
                };
                format!("<RLock({owner}, {count})>")
            }
            SemKind::Semaphore => format!("<Semaphore(value={value})>"),
            SemKind::Bounded => {
                format!("<BoundedSemaphore(value={value}, maxvalue={})>", slot.max.load(Ordering::SeqCst))
            }
        }
    }

    fn value_repr(&self, value: &SharedValue, obj: &HostObj, i: usize) -> String {
        let inner = match value.array {
            Some((_, len)) => {
                format!("<multiprocessing.sharedctypes.{}_Array_{len} object at {}>", value.ctype, address(i))
            }
            None => {
                format!("{}({})", value.ctype, value.peek(self.ctx, None).repr())
            }
        };
        match value.lock {
            Some(_) => format!("<{} wrapper for {inner}>", obj.type_name),
            None => inner,
        }
    }
}
