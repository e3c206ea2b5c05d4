//! Applying a schedule (`lesson::schedule`) to a live run: steps are granted in the listed
//! order, so a race happens the same way every time. Each granted step is let finish
//! (the process reaches its next gate, blocks on an object, or ends) before the next grant, so
//! the order is the order the steps really happen in. Processes the schedule never names run
//! freely; once the list is used up, every process runs freely. An entry naming a process that
//! is gone (it exited, was reaped, or the kernel shows it dead) is passed over.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::event::{Event, EventKind};
use crate::lesson::schedule::{Entry, Reach, Schedule};

use super::gate;
use super::region::Region;

/// The gates a schedule works: a lesson run's (in its shared region) or a watched CPython
/// program's (the probe's hold files and gate FIFOs).
pub trait GateControl {
    /// Holds the process of lane `slot` at every gate (or frees it, letting it go on now).
    fn set_hold(&self, slot: u32, hold: bool);
    /// Holds or frees every process, present and future.
    fn set_hold_all(&self, hold: bool);
    /// Lets the process of lane `slot`, waiting at its gate, run one step.
    fn grant(&self, slot: u32) -> bool;
}

impl GateControl for Region {
    fn set_hold(&self, slot: u32, hold: bool) {
        gate::set_hold(self, slot, hold);
    }

    fn set_hold_all(&self, hold: bool) {
        gate::set_hold_all(self, hold);
    }

    fn grant(&self, slot: u32) -> bool {
        gate::grant(self, slot)
    }
}

/// The viewer holds its region in an `Arc`.
impl<G: GateControl> GateControl for std::sync::Arc<G> {
    fn set_hold(&self, slot: u32, hold: bool) {
        (**self).set_hold(slot, hold);
    }

    fn set_hold_all(&self, hold: bool) {
        (**self).set_hold_all(hold);
    }

    fn grant(&self, slot: u32) -> bool {
        (**self).grant(slot)
    }
}

#[derive(Default)]
struct Lane {
    slot: u32,
    line: u32,
    gated: bool,
    gone: bool,
}

/// Applies a schedule to a live run, driven by the event stream (viewer side).
pub struct Controller {
    entries: VecDeque<Entry>,
    names: HashSet<String>,
    lanes: HashMap<String, Lane>,
    by_pid: HashMap<i32, String>,
    /// The process whose granted step has not finished yet.
    stepping: Option<String>,
    finished: bool,
    /// Items each process's feeder holds (`Fed` less the feeder's `Put`s), by pid.
    feeding: HashMap<i32, u32>,
    /// The stepping process blocked while its feeder still held items: its step ends when the
    /// feeder has written them (so a schedule's next grant sees them in the queue).
    blocked_feeding: bool,
}

impl Controller {
    pub fn new(schedule: &Schedule) -> Controller {
        Controller {
            entries: schedule.entries.iter().cloned().collect(),
            names: schedule.entries.iter().map(|e| e.name.clone()).collect(),
            lanes: HashMap::new(),
            by_pid: HashMap::new(),
            stepping: None,
            finished: false,
            feeding: HashMap::new(),
            blocked_feeding: false,
        }
    }

    /// Follows one event and grants whatever the schedule allows now.
    pub fn on_event(&mut self, ev: &Event, region: &impl GateControl) {
        if self.finished {
            return;
        }
        let about = match &ev.kind {
            EventKind::Reaped { child, .. } => *child,
            _ => ev.pid,
        };
        // A process killed while held never says it exits, and its held parent cannot reap
        // it: the kernel's `Z` is what tells it is gone.
        let died = matches!(ev.kind, EventKind::Kernel { state: 'Z' | 'X', .. });
        let step_over = died
            || matches!(
                ev.kind,
                EventKind::Gated | EventKind::Waiting { .. } | EventKind::Exiting { .. } | EventKind::Reaped { .. }
            );
        let feeding = self.follow_feeder(&ev.kind, ev.pid);
        let is_stepping = self.by_pid.get(&about).is_some_and(|n| self.stepping.as_ref() == Some(n));
        if is_stepping {
            let blocked = matches!(ev.kind, EventKind::Waiting { .. });
            if blocked && feeding > 0 {
                // Blocked: its feeder runs now; the step ends once that has written.
                self.blocked_feeding = true;
            } else if step_over || (self.blocked_feeding && feeding == 0 && matches!(ev.kind, EventKind::Put { .. })) {
                self.stepping = None;
                self.blocked_feeding = false;
            }
        }
        match &ev.kind {
            EventKind::Started { name, slot, .. } => {
                self.by_pid.insert(ev.pid, name.clone());
                self.lanes.insert(name.clone(), Lane { slot: *slot, ..Lane::default() });
                if !self.names.contains(name) {
                    region.set_hold(*slot, false);
                }
            }
            EventKind::AtStep { line } => {
                if let Some(lane) = self.lane(ev.pid) {
                    lane.line = *line;
                }
            }
            EventKind::Gated => {
                if let Some(lane) = self.lane(ev.pid) {
                    lane.gated = true;
                }
            }
            EventKind::Exiting { .. } => {
                if let Some(lane) = self.lane(ev.pid) {
                    lane.gone = true;
                }
            }
            EventKind::Kernel { .. } if died => {
                if let Some(lane) = self.lane(ev.pid) {
                    lane.gone = true;
                }
            }
            EventKind::Reaped { child, .. } => {
                if let Some(lane) = self.lane(*child) {
                    lane.gone = true;
                }
            }
            _ => {}
        }
        self.advance(region);
    }

    /// Counts what `pid`'s feeder holds after this event, and returns it.
    fn follow_feeder(&mut self, kind: &EventKind, pid: i32) -> u32 {
        let n = self.feeding.entry(pid).or_default();
        match kind {
            EventKind::Fed { .. } => *n += 1,
            EventKind::Put { .. } => *n = n.saturating_sub(1),
            // What it held is written before its exit (or lost with it).
            EventKind::Exiting { .. } => *n = 0,
            _ => {}
        }
        *n
    }

    fn lane(&mut self, pid: i32) -> Option<&mut Lane> {
        let name = self.by_pid.get(&pid)?;
        self.lanes.get_mut(name)
    }

    fn advance(&mut self, region: &impl GateControl) {
        if self.stepping.is_some() {
            return;
        }
        loop {
            let Some(head) = self.entries.front_mut() else {
                self.finished = true;
                region.set_hold_all(false);
                return;
            };
            let head_name = head.name.clone();
            let Some(lane) = self.lanes.get_mut(&head_name) else { return };
            if lane.gone {
                self.entries.pop_front();
                continue;
            }
            if !lane.gated {
                return;
            }
            match &mut head.reach {
                Reach::UntilLine(l) if lane.line == *l => {
                    self.entries.pop_front();
                    continue;
                }
                Reach::UntilLine(_) => {}
                Reach::Steps(n) => {
                    *n -= 1;
                    if *n == 0 {
                        self.entries.pop_front();
                    }
                }
            }
            lane.gated = false;
            region.grant(lane.slot);
            self.stepping = Some(head_name);
            return;
        }
    }
}
