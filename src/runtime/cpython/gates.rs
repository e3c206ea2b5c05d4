//! The gates of a watched CPython program, as a schedule and the student work them: each
//! lane's pid by slot (lanes are numbered as their `Started` events arrive), who waits at a
//! gate now, and the probe's files that hold a process (`hold-PID`) and let it run one line
//! (a byte on `gate-PID`). A byte is written only to a process that waits, so a grant never
//! lets a later line pass unseen.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::super::schedule::GateControl;
use super::super::sys;
use super::probe;

/// What the reader learns from the events.
#[derive(Default)]
pub struct Gates {
    pub slots: Vec<i32>,
    pub waiting: BTreeSet<i32>,
}

/// The gates of one run: its probe folder and what the reader learned.
#[derive(Clone)]
pub struct CpythonGates {
    pub dir: PathBuf,
    pub gates: Arc<Mutex<Gates>>,
}

impl CpythonGates {
    fn pid(&self, slot: u32) -> Option<i32> {
        self.gates.lock().ok().and_then(|g| g.slots.get(slot as usize).copied())
    }

    /// One line for `pid`, if it waits at its gate.
    fn grant_pid(&self, pid: i32) -> bool {
        let waits = self.gates.lock().is_ok_and(|mut g| g.waiting.remove(&pid));
        waits && probe::grant(&self.dir, pid)
    }
}

impl CpythonGates {
    /// A process reported waiting at its gate (its `Gated` was just noted as waiting): if
    /// nobody holds it any more (the viewer let it go while it was on its way to the gate),
    /// it goes on now, or it would wait for a grant that never comes.
    pub fn gated(&self, pid: i32) {
        if !probe::is_held(&self.dir, pid) {
            self.grant_pid(pid);
        }
    }
}

impl GateControl for CpythonGates {
    fn set_hold(&self, slot: u32, hold: bool) {
        if let Some(pid) = self.pid(slot) {
            let _ = probe::hold_one(&self.dir, pid, hold);
            if hold {
                // Held now: it puts its line hook on (free, it runs without one).
                let _ = sys::send_hold_signal(pid);
            } else {
                self.grant_pid(pid);
            }
        }
    }

    fn set_hold_all(&self, hold: bool) {
        let _ = probe::hold_all(&self.dir, hold);
        if hold {
            // Every lane's process (each has the probe's handler: it reported `started`, or
            // it is the main process, which ignores the signal until the probe takes it).
            let pids: Vec<i32> = self.gates.lock().map(|g| g.slots.clone()).unwrap_or_default();
            for pid in pids {
                let _ = sys::send_hold_signal(pid);
            }
        } else {
            let waiting: Vec<i32> = self.gates.lock().map(|g| g.waiting.iter().copied().collect()).unwrap_or_default();
            for pid in waiting {
                self.grant_pid(pid);
            }
        }
    }

    fn grant(&self, slot: u32) -> bool {
        self.pid(slot).is_some_and(|pid| self.grant_pid(pid))
    }
}
