//! Step gates. Before every step a lesson process passes its own gate: free when not held;
//! when held it reports `Gated` and sleeps on its gate semaphore until the viewer grants one
//! step (or releases the hold). Gates sit only between steps, never inside a primitive.

use std::sync::atomic::Ordering;

use super::region::Region;
use super::report::Reporter;
use crate::event::EventKind;

/// Process side: wait here if held, until granted.
pub fn pass(region: &Region, slot: u32, reporter: &Reporter) {
    let gate = region.gate(slot);
    if gate.hold.load(Ordering::SeqCst) == 0 {
        return;
    }
    gate.waiting.store(1, Ordering::SeqCst);
    reporter.mark(EventKind::Gated, true);
    // Released meanwhile: take our own wake-up back, unless a granter already took it.
    if gate.hold.load(Ordering::SeqCst) == 0
        && gate.waiting.compare_exchange(1, 0, Ordering::SeqCst, Ordering::SeqCst).is_ok()
    {
        return;
    }
    gate.sem.wait(None).expect("gate semaphores are initialised when the region is created");
}

/// Whether the process of `slot` is held at its gates (step mode, a schedule naming it).
pub fn is_held(region: &Region, slot: u32) -> bool {
    region.gate(slot).hold.load(Ordering::SeqCst) != 0
}

/// Parent side, before forking a process into `slot`: its gate starts held exactly when new
/// processes are (step mode, a schedule). Re-checked after the store, so a pause pressed at
/// this very moment is not undone by the old default.
pub fn prepare(region: &Region, slot: u32) {
    let gate = region.gate(slot);
    gate.waiting.store(0, Ordering::SeqCst);
    loop {
        let hold = region.header().default_hold.load(Ordering::SeqCst);
        gate.hold.store(hold, Ordering::SeqCst);
        if region.header().default_hold.load(Ordering::SeqCst) == hold {
            return;
        }
    }
}

/// Viewer side: lets a waiting process take one step. False when it was not waiting.
pub fn grant(region: &Region, slot: u32) -> bool {
    let gate = region.gate(slot);
    if gate.waiting.compare_exchange(1, 0, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
        gate.sem.post().expect("a gate is posted once per wait, so its semaphore never nears SEM_VALUE_MAX");
        return true;
    }
    false
}

/// Viewer side: holds or frees one process at its gates.
pub fn set_hold(region: &Region, slot: u32, hold: bool) {
    region.gate(slot).hold.store(u32::from(hold), Ordering::SeqCst);
    if !hold {
        grant(region, slot);
    }
}

/// Viewer side: holds or frees every process, present and future (pause / run).
pub fn set_hold_all(region: &Region, hold: bool) {
    region.header().default_hold.store(u32::from(hold), Ordering::SeqCst);
    let started = region.header().next_slot.load(Ordering::SeqCst).min(super::region::MAX_PROCS as u32);
    for slot in 0..started {
        set_hold(region, slot, hold);
    }
}
