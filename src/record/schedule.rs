//! The interleaving of a recorded run as a schedule: every `AtStep` marker is one step a
//! process began, and sorted by the time it was reported (one clock for all processes) they
//! give the order the steps started in. Runs of one process become `NAME*N`, so granting
//! the schedule on real processes starts each step in the recorded order.

use std::collections::HashMap;

use crate::event::{Event, EventKind};
use crate::lesson::schedule::{Entry, Reach, Schedule};

/// The order in which the recorded run's processes took their steps.
pub fn schedule_of(events: &[Event]) -> Schedule {
    let mut names: HashMap<i32, &str> = HashMap::new();
    let mut steps: Vec<(u64, u64, u32, i32)> = Vec::new();
    for ev in events {
        match &ev.kind {
            EventKind::Started { name, .. } => {
                names.insert(ev.pid, name);
            }
            EventKind::AtStep { .. } => steps.push((ev.t_ns, ev.seq, ev.sub, ev.pid)),
            _ => {}
        }
    }
    steps.sort_unstable();
    let mut entries: Vec<Entry> = Vec::new();
    for (_, _, _, pid) in steps {
        let Some(name) = names.get(&pid) else { continue };
        match entries.last_mut() {
            Some(Entry { name: last, reach: Reach::Steps(n) }) if last == name => *n += 1,
            _ => entries.push(Entry { name: (*name).to_string(), reach: Reach::Steps(1) }),
        }
    }
    Schedule { entries }
}

/// A schedule in the syntax `Schedule::parse` reads.
pub fn schedule_text(schedule: &Schedule) -> String {
    let entries: Vec<String> = schedule
        .entries
        .iter()
        .map(|e| match e.reach {
            Reach::Steps(1) => e.name.clone(),
            Reach::Steps(n) => format!("{}*{n}", e.name),
            Reach::UntilLine(l) => format!("{}@{l}", e.name),
        })
        .collect();
    entries.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: u64, sub: u32, t_ns: u64, pid: i32, kind: EventKind) -> Event {
        Event { seq, sub, t_ns, pid, kind }
    }

    fn started(seq: u64, pid: i32, name: &str) -> Event {
        let kind = EventKind::Started { name: name.into(), ppid: 1, script: String::new(), daemon: false, slot: 0 };
        ev(seq, 0, 0, pid, kind)
    }

    #[test]
    fn steps_are_ordered_by_their_time_and_runs_of_one_process_counted() {
        let at = |line| EventKind::AtStep { line };
        let events = vec![
            started(1, 10, "MainProcess"),
            started(2, 11, "Process-1"),
            // Markers sort by seq in the stream, but a step's time says when it began.
            ev(2, 1, 100, 10, at(1)),
            ev(2, 2, 300, 10, at(2)),
            ev(2, 3, 400, 10, at(3)),
            ev(3, 1, 200, 11, at(5)),
        ];
        let s = schedule_of(&events);
        assert_eq!(schedule_text(&s), "MainProcess,Process-1,MainProcess*2");
        assert_eq!(Schedule::parse(&schedule_text(&s)).expect("parses"), s);
    }
}
