//! Schedules: `--schedule Process-1@14,Process-2@14,Process-1` grants steps in that order, so
//! a race happens the same way every time. An entry is `NAME` (one step), `NAME*N` (N steps)
//! or `NAME@L` (steps until NAME stands before Python line L). Each granted step is let finish
//! (the process reaches its next gate, blocks on an object, or ends) before the next grant, so
//! the order is the order the steps really happen in. Processes the schedule never names run
//! freely; once the list is used up, every process runs freely.

use std::collections::{HashMap, HashSet, VecDeque};

use super::event::{Event, EventKind};
use super::gate;
use super::region::Region;

/// How far one entry lets its process go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    Steps(u32),
    UntilLine(u32),
}

/// One entry of a schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub reach: Reach,
}

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Schedule {
    pub entries: Vec<Entry>,
}

impl Schedule {
    /// Parses `A,B*3,C@12`.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let mut entries = Vec::new();
        for (i, raw) in text.split(',').map(str::trim).enumerate() {
            let bad = |why: &str| {
                format!("schedule entry {} '{raw}': {why} — write NAME, NAME*N or NAME@LINE, e.g. Process-1@14", i + 1)
            };
            if raw.is_empty() {
                return Err(bad("empty"));
            }
            let (name, reach) = if let Some((n, k)) = raw.split_once('*') {
                (
                    n,
                    Reach::Steps(
                        k.parse()
                            .ok()
                            .filter(|k| *k > 0)
                            .ok_or_else(|| bad("the step count must be a positive number"))?,
                    ),
                )
            } else if let Some((n, l)) = raw.split_once('@') {
                (
                    n,
                    Reach::UntilLine(
                        l.parse().ok().filter(|l| *l > 0).ok_or_else(|| bad("the line must be a positive number"))?,
                    ),
                )
            } else {
                (raw, Reach::Steps(1))
            };
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                return Err(bad("the process name is missing"));
            }
            entries.push(Entry { name: name.to_string(), reach });
        }
        Ok(Schedule { entries })
    }

    /// Whether the schedule names this process.
    pub fn mentions(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
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
        }
    }

    /// Whether the whole schedule has been granted.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Follows one event and grants whatever the schedule allows now.
    pub fn on_event(&mut self, ev: &Event, region: &Region) {
        if self.finished {
            return;
        }
        let about = match &ev.kind {
            EventKind::Reaped { child, .. } => *child,
            _ => ev.pid,
        };
        let step_over = matches!(
            ev.kind,
            EventKind::Gated | EventKind::Waiting { .. } | EventKind::Exiting { .. } | EventKind::Reaped { .. }
        );
        if step_over && self.by_pid.get(&about).is_some_and(|n| self.stepping.as_ref() == Some(n)) {
            self.stepping = None;
        }
        match &ev.kind {
            EventKind::Started { name, slot, .. } => {
                self.by_pid.insert(ev.pid, name.clone());
                self.lanes.insert(name.clone(), Lane { slot: *slot, ..Lane::default() });
                if !self.names.contains(name) {
                    gate::set_hold(region, *slot, false);
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
            EventKind::Reaped { child, .. } => {
                if let Some(lane) = self.lane(*child) {
                    lane.gone = true;
                }
            }
            _ => {}
        }
        self.advance(region);
    }

    fn lane(&mut self, pid: i32) -> Option<&mut Lane> {
        let name = self.by_pid.get(&pid)?;
        self.lanes.get_mut(name)
    }

    fn advance(&mut self, region: &Region) {
        if self.stepping.is_some() {
            return;
        }
        loop {
            let Some(head) = self.entries.front_mut() else {
                self.finished = true;
                gate::set_hold_all(region, false);
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
            gate::grant(region, lane.slot);
            self.stepping = Some(head_name);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_parse_steps_counts_and_lines() {
        let s = Schedule::parse("Process-1@14, Process-2*3,MainProcess").expect("valid");
        assert_eq!(s.entries[0], Entry { name: "Process-1".into(), reach: Reach::UntilLine(14) });
        assert_eq!(s.entries[1].reach, Reach::Steps(3));
        assert_eq!(s.entries[2].reach, Reach::Steps(1));
        assert!(s.mentions("Process-2") && !s.mentions("Process-3"));
    }

    #[test]
    fn bad_schedules_say_which_entry_is_wrong() {
        let err = Schedule::parse("Process-1,,Process-2").expect_err("empty entry");
        assert!(err.contains("entry 2"), "{err}");
        assert!(Schedule::parse("P*0").is_err());
        assert!(Schedule::parse("P@x").is_err());
        assert!(Schedule::parse("@3").is_err());
    }
}
