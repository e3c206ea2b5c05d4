//! A count of in-place changes to lists, dicts, sets and instances' attributes, and one of
//! variable bindings. The variables
//! watch remakes a value's text only when something may have changed it: while the count
//! stands still, a variable still bound to the very object it was shown from shows the same
//! text, so the watch need not walk it at every statement.

use std::cell::{Cell, RefCell, RefMut};

thread_local! {
    static MUTATIONS: Cell<u64> = const { Cell::new(0) };
    static BINDINGS: Cell<u64> = const { Cell::new(0) };
    static LAST_LOCAL: Cell<(u64, u64, u32)> = const { Cell::new((0, 0, 0)) };
    static GLOBAL_BINDINGS: Cell<u64> = const { Cell::new(0) };
}

/// Notes that a variable was bound, rebound or unbound (a local, a cell, a global, or a
/// function's arguments): with no binding and no in-place change since the last statement in
/// the same frame, the watch knows that nothing it shows changed, without looking.
#[inline]
pub fn rebound() {
    BINDINGS.with(|b| b.set(b.get().wrapping_add(1)));
}

/// Notes that a module global was bound or unbound (a binding as `rebound` counts it, and
/// one of globals alone): with none since its last look at the globals and nothing changed in
/// place, the watch need not look at them again when a new frame starts.
#[inline]
pub fn rebound_global() {
    rebound();
    GLOBAL_BINDINGS.with(|b| b.set(b.get().wrapping_add(1)));
}

/// The number of bindings of module globals so far.
#[inline]
pub fn global_bindings() -> u64 {
    GLOBAL_BINDINGS.with(Cell::get)
}

/// Notes that the plain local `slot` of frame `frame` was bound (or unbound): the watch,
/// seeing that this was the only binding since its last look, looks at that variable alone.
#[inline]
pub fn rebound_local(frame: u64, slot: u32) {
    let count = BINDINGS.with(|b| {
        b.set(b.get().wrapping_add(1));
        b.get()
    });
    LAST_LOCAL.with(|l| l.set((count, frame, slot)));
}

/// The last plain local bound through `rebound_local`: the count of bindings it made, its
/// frame and its slot. The count differs from `bindings()` once anything else was bound.
#[inline]
pub fn last_local() -> (u64, u64, u32) {
    LAST_LOCAL.with(Cell::get)
}

/// The number of bindings so far: equal at two moments, no variable changed in between.
#[inline]
pub fn bindings() -> u64 {
    BINDINGS.with(Cell::get)
}

/// Notes that a list, dict, set or an object's attributes changed in place (every such change
/// must call it, or the screen could show a stale value).
#[inline]
fn mutated() {
    MUTATIONS.with(|m| m.set(m.get().wrapping_add(1)));
}

/// The number of in-place changes so far: equal at two moments, nothing changed in between.
#[inline]
pub fn mutations() -> u64 {
    MUTATIONS.with(Cell::get)
}

/// `borrow_mut` for a change the watch must know of: counts it, then lends the value.
pub trait Mutate<T> {
    fn mutate(&self) -> RefMut<'_, T>;
}

impl<T> Mutate<T> for RefCell<T> {
    #[inline]
    fn mutate(&self) -> RefMut<'_, T> {
        mutated();
        self.borrow_mut()
    }
}
