//! The end-of-run summary of the headless runner: every process with its final state and
//! exitcode, every object with its state, what was printed and lost, whether the real objects
//! matched the fold, and how the run ended.

use std::fmt::Write;

use crate::event::{ObjectKind, WaitOp};
use crate::trace::{Obj, ObjState, ProcState, World};

use super::{count, items_text, outcome_text, signal_name};

/// A process state in words: `running`, `blocked on Lock 'lock'`, `killed by SIGTERM`, ….
pub fn state_text(world: &World, state: &ProcState) -> String {
    match state {
        ProcState::Running => "running".to_string(),
        ProcState::Sleeping { ms } => format!("sleeping {ms} ms"),
        ProcState::Computing { ms } => format!("computing for {ms} ms"),
        ProcState::Blocked { object, op: WaitOp::Join } => format!("joining {object}"),
        ProcState::Blocked { object, .. } => {
            format!("blocked on {}", world.object(object).map_or_else(|| format!("'{object}'"), Obj::label))
        }
        ProcState::Zombie { code: Some(code) } => {
            format!("zombie (exited with {code}, not yet joined)")
        }
        ProcState::Zombie { code: None } => "zombie (not yet joined)".to_string(),
        ProcState::Exited { .. } => "exited".to_string(),
        ProcState::Killed { signal } => format!("killed by {}", signal_name(*signal)),
    }
}

fn names(world: &World, pids: &[i32]) -> String {
    let names: Vec<String> = pids.iter().map(|&p| format!("{} ({p})", world.name_of(p))).collect();
    names.join(", ")
}

fn object_text(world: &World, obj: &Obj) -> String {
    let mut text = match &obj.state {
        ObjState::Lock { owner: None, .. } => "free".to_string(),
        ObjState::Lock { owner: Some(o), depth, .. } => {
            let depth = if obj.kind == ObjectKind::RLock { format!(", depth {depth}") } else { String::new() };
            format!("held by {}{depth}", names(world, &[*o]))
        }
        ObjState::Semaphore { value, max, holders, .. } if holders.is_empty() => {
            crate::headless::value_of(*value, *max)
        }
        ObjState::Semaphore { value, max, holders, .. } => {
            format!("{}, held by {}", crate::headless::value_of(*value, *max), names(world, holders))
        }
        ObjState::Event { set, .. } => if *set { "set" } else { "clear" }.to_string(),
        ObjState::Queue { items, maxsize, unfinished, .. } => {
            let mut t = items_text(items);
            if *maxsize > 0 {
                let _ = write!(t, ", maxsize {maxsize}");
            }
            if let Some(n) = unfinished {
                let _ = write!(t, ", {n} unfinished");
            }
            t
        }
        ObjState::Pipe { outbox, .. } => {
            let parts: Vec<String> = outbox
                .iter()
                .filter(|(_, q)| !q.is_empty())
                .map(|(end, q)| format!("{} sent from '{end}'", items_text(q)))
                .collect();
            if parts.is_empty() { "empty".to_string() } else { parts.join(", ") }
        }
        ObjState::Value { value } => format!("value {value}"),
        ObjState::File { fields } if fields.is_empty() => "nothing written".to_string(),
        ObjState::File { fields } => {
            let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {}", v.repr())).collect();
            parts.join(", ")
        }
    };
    let waiters = obj.waiters();
    if !waiters.is_empty() {
        let _ = write!(text, "; waiting: {}", names(world, &waiters));
    }
    text
}

/// A multi-line summary of the world at the end of a run (each line ends in `\n`).
pub fn final_state(world: &World) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "lesson '{}'", world.lesson);
    let _ = writeln!(out, "processes:");
    let width = world.processes.iter().map(|p| p.name.chars().count()).max().unwrap_or(0);
    for p in &world.processes {
        let exitcode = p.exitcode.map_or_else(|| "None".to_string(), |c| c.to_string());
        let daemon = if p.daemon { ", daemon" } else { "" };
        let _ = writeln!(
            out,
            "  {:<width$}  pid {}  parent {}  {}, exitcode {exitcode}{daemon}",
            p.name,
            p.pid,
            p.ppid,
            state_text(world, &p.state)
        );
    }
    if !world.objects.is_empty() {
        let _ = writeln!(out, "objects:");
    }
    for obj in &world.objects {
        let _ = writeln!(out, "  {}: {}", obj.label(), object_text(world, obj));
    }
    let errors = world.output.iter().filter(|l| l.is_error).count();
    let printed = count(world.output.len() - errors, "line", "lines");
    let errors = count(errors, "error", "errors");
    let _ = writeln!(out, "output: {printed} printed, {errors}");
    if world.lost.is_empty() {
        let _ = writeln!(out, "lost events: none");
    } else {
        let ranges: Vec<String> = world.lost.iter().map(|(a, b)| format!("{a}..={b}")).collect();
        let _ = writeln!(out, "lost events: {}", ranges.join(", "));
    }
    let mismatches = world.audit_mismatches();
    if world.audits.is_empty() {
        let _ = writeln!(out, "audit: no audit received");
    } else if mismatches.is_empty() {
        let _ = writeln!(out, "audit: real objects match what was shown");
    } else {
        let _ = writeln!(out, "audit: real objects differ from what was shown:");
        for m in &mismatches {
            let _ = writeln!(out, "  - {m}");
        }
    }
    for note in &world.anomalies {
        let _ = writeln!(out, "anomaly: {note}");
    }
    let outcome = world.ended.as_ref().map_or_else(|| "still running".to_string(), outcome_text);
    let _ = writeln!(out, "outcome: {outcome}");
    out
}
