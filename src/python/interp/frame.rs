//! A frame: the variables of one running function, lambda, comprehension or class body,
//! laid out as `compile` decided (plain locals in slots, captured ones in shared cells), and
//! the line it is on, for tracebacks. The module's variables are the interpreter's globals.

use std::cell::RefCell;
use std::rc::Rc;

use crate::python::code::Code;
use crate::python::object::{Attrs, Cell, Obj};

#[derive(Debug)]
pub struct Frame {
    pub code: Rc<Code>,
    pub locals: Vec<Option<Obj>>,
    /// Own cells, then the closure's.
    pub cells: Vec<Cell>,
    /// A class body's namespace.
    pub ns: Option<Rc<RefCell<Attrs>>>,
    pub line: u32,
    /// A number no other frame of this process has, so the variables watch can tell a new
    /// frame from the one it last looked at (a frame reuses the stack room of a returned one).
    pub id: u64,
}

thread_local! {
    static FRAMES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Frame {
    /// A frame for `code` with fresh locals and own cells, and the given closure cells.
    pub fn new(code: Rc<Code>, closure: Vec<Cell>) -> Frame {
        Frame::reusing(code, closure, Vec::new())
    }

    /// `new`, its locals kept in `room` (an emptied vector of an earlier frame's: a call
    /// then allocates nothing for them).
    pub fn reusing(code: Rc<Code>, closure: Vec<Cell>, mut room: Vec<Option<Obj>>) -> Frame {
        let mut cells = Vec::with_capacity(code.cell_names.len() + closure.len());
        cells.extend(code.cell_names.iter().map(|_| Rc::new(RefCell::new(None))));
        cells.extend(closure);
        let id = FRAMES.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        room.clear();
        room.resize(code.local_names.len(), None);
        Frame { locals: room, cells, ns: None, line: code.line, code, id }
    }

    /// The cells a new function or comprehension defined in this frame closes over.
    pub fn closure_for(&self, code: &Code) -> Vec<Cell> {
        code.free.iter().filter_map(|(_, at)| self.cells.get(*at as usize).cloned()).collect()
    }
}
