//! Headless front end: a readable trace or JSON lines over the same `World` the TUI draws.
//! `trace_line` turns one event into one timestamped line (call it after applying the event,
//! so names and object states are current); `final_state` summarises the end of a run;
//! `json_line` is the wire format itself. Output has no colours and no trailing spaces.

mod summary;

pub use summary::{final_state, state_text};

use crate::event::{Audit, Event, EventKind, GiveUp, LimitHit, LimitKind, ObjectKind, RunOutcome, WaitOp};
use crate::trace::{Obj, ObjState, World};
use crate::value::Value;

/// How much of the trace to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// What the lesson does: no step markers, gates or kernel samples.
    #[default]
    Normal,
    /// Everything, including `AtStep`, `Gated` and `Kernel` events.
    Verbose,
}

/// One event as a line of the normal trace, or `None` for an event it leaves out.
pub fn trace_line(world: &World, ev: &Event) -> Option<String> {
    trace_line_with(world, ev, Detail::Normal)
}

/// One event as a trace line at the given detail, e.g.
/// `  0.013s  12346 Process-1   L13 waits for Lock 'lock' (owner 12347 Process-2)`.
pub fn trace_line_with(world: &World, ev: &Event, detail: Detail) -> Option<String> {
    let text = describe(world, ev, detail)?;
    let line = match &ev.kind {
        EventKind::Raised { line, .. } => Some(*line),
        EventKind::Started { .. } => None,
        _ => world.proc_by_pid(ev.pid).and_then(|p| p.line),
    };
    let line = line.map_or_else(String::new, |l| format!("L{l}"));
    let (secs, ms) = (ev.t_ns / 1_000_000_000, ev.t_ns / 1_000_000 % 1000);
    // Run-level events (the end, lost events) come from no process.
    let (pid, name) =
        if ev.pid == 0 { (String::new(), String::new()) } else { (ev.pid.to_string(), world.name_of(ev.pid)) };
    let out = format!("{secs:>3}.{ms:03}s {pid:>6} {name:<11} {line:<3} {text}");
    Some(out.trim_end().to_string())
}

/// The event as one line of JSON, exactly the runtime's wire format.
pub fn json_line(ev: &Event) -> String {
    serde_json::to_string(ev).expect("an Event has only string map keys, so it always serialises")
}

/// `SIGTERM` for 15, or `signal 99` for a number Linux does not name.
pub fn signal_name(signal: i32) -> String {
    nix::sys::signal::Signal::try_from(signal).map_or_else(|_| format!("signal {signal}"), |s| s.as_str().to_string())
}

/// Python's `repr` of a list in the spaced style of the queue boxes: `[ 'a', 'b' ]`, `[ ]`.
pub fn items_text<'a>(items: impl IntoIterator<Item = &'a Value>) -> String {
    let inner: Vec<String> = items.into_iter().map(Value::repr).collect();
    if inner.is_empty() { "[ ]".to_string() } else { format!("[ {} ]", inner.join(", ")) }
}

/// `Process-1 (12346)`.
fn who(world: &World, pid: i32) -> String {
    format!("{} ({pid})", world.name_of(pid))
}

/// `Lock 'lock'`, or just `'lock'` for an object the world does not know.
fn label(world: &World, name: &str) -> String {
    world.object(name).map_or_else(|| format!("'{name}'"), Obj::label)
}

/// `1 item`, `2 items`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A short note on an object's state after the event: `(value 4 of 5)`, `(2 items)`.
fn state_note(world: &World, name: &str) -> String {
    let Some(obj) = world.object(name) else {
        return String::new();
    };
    match &obj.state {
        ObjState::Lock { depth, .. } if obj.kind == ObjectKind::RLock && *depth > 1 => {
            format!(" (depth {depth})")
        }
        ObjState::Semaphore { value, max, .. } => format!(" ({})", value_of(*value, *max)),
        ObjState::Queue { items, .. } => format!(" ({})", count(items.len(), "item", "items")),
        ObjState::Pipe { outbox, .. } => {
            format!(" ({} in flight)", count(outbox.values().map(|q| q.len()).sum(), "message", "messages"))
        }
        _ => String::new(),
    }
}

fn waiting_text(world: &World, object: &str, op: WaitOp) -> String {
    let obj = world.object(object);
    let what = label(world, object);
    match (op, obj.map(|o| &o.state)) {
        (WaitOp::Join, _) => {
            let child = world.proc_by_name(object).map_or_else(|| object.to_string(), |p| who(world, p.pid));
            format!("waits to join {child}")
        }
        (_, Some(ObjState::Lock { owner: Some(o), .. })) => {
            format!("waits for {what} (owner {o} {})", world.name_of(*o))
        }
        (_, Some(ObjState::Semaphore { value, max, .. })) => {
            format!("waits for {what} ({})", value_of(*value, *max))
        }
        (WaitOp::Get, _) => format!("waits to get from {what}{}", state_note(world, object)),
        (WaitOp::Put, _) => format!("waits to put into {what}{}", state_note(world, object)),
        (WaitOp::QueueJoin, Some(ObjState::Queue { unfinished: Some(n), .. })) => {
            format!("waits until every item of {what} is done ({n} unfinished)")
        }
        (WaitOp::Wait, _) => format!("waits for {what} to be set"),
        (WaitOp::Recv, _) => format!("waits to receive from {what}"),
        _ => format!("waits for {what}"),
    }
}

fn audit_text(audit: &Audit) -> String {
    match audit {
        Audit::Semaphore { value } => format!("value {value}"),
        Audit::Event { set } => if *set { "set" } else { "clear" }.to_string(),
        Audit::Queue { items, unfinished: None } => items_text(items),
        Audit::Queue { items, unfinished: Some(n) } => format!("{}, {n} unfinished", items_text(items)),
        Audit::Pipe { to_first, to_second } => format!("{} and {}", items_text(to_first), items_text(to_second)),
        Audit::Value { value } => format!("value {value}"),
        Audit::File { content } => content.trim().to_string(),
    }
}

/// A semaphore's counter, with its bound when it has one (`value 2 of 5`, `value 7`).
pub fn value_of(value: i64, max: i64) -> String {
    if max < 0 { format!("value {value}") } else { format!("value {value} of {max}") }
}

/// How a run ended, in words.
pub fn outcome_text(outcome: &RunOutcome) -> String {
    match outcome {
        RunOutcome::Finished => "finished".to_string(),
        RunOutcome::Stopped => "stopped".to_string(),
        RunOutcome::Limit(hit) => format!("stopped at a limit: {}", limit_text(hit)),
        RunOutcome::Failed { message } => format!("failed: {message}"),
    }
}

fn describe(world: &World, ev: &Event, detail: Detail) -> Option<String> {
    let verbose = detail == Detail::Verbose;
    let obj = |name: &str| label(world, name);
    let text = match &ev.kind {
        EventKind::RunStarted { lesson, runner, .. } => {
            format!("run of lesson '{lesson}' started (runner {runner})")
        }
        EventKind::Started { ppid, script, daemon, .. } => {
            let daemon = if *daemon { ", daemon" } else { "" };
            format!("started by {}, script '{script}'{daemon}", who(world, *ppid))
        }
        EventKind::Created { object, object_kind, value, capacity, .. } => {
            let what = label(world, object);
            match object_kind {
                ObjectKind::Semaphore | ObjectKind::BoundedSemaphore => {
                    format!("created {what} (value {value})")
                }
                ObjectKind::Queue | ObjectKind::JoinableQueue if *capacity > 0 => {
                    format!("created {what} (maxsize {capacity})")
                }
                ObjectKind::Value => format!("created {what} (value {value})"),
                _ => format!("created {what}"),
            }
        }
        EventKind::AtStep { line } if verbose => format!("step at line {line}"),
        EventKind::Gated if verbose => "waits at its gate".to_string(),
        EventKind::Kernel { state, wchan } if verbose => format!("kernel: {state} {wchan}"),
        EventKind::AtStep { .. } | EventKind::Gated | EventKind::Kernel { .. } => return None,
        EventKind::Waiting { object, op } => waiting_text(world, object, *op),
        EventKind::GaveUp { object, why, .. } => {
            let why = match why {
                GiveUp::TimedOut => "timed out",
                GiveUp::WouldBlock => "would block",
            };
            format!("gave up on {} ({why})", obj(object))
        }
        EventKind::Acquired { object } => {
            format!("acquired {}{}", obj(object), state_note(world, object))
        }
        EventKind::Released { object } => {
            format!("released {}{}", obj(object), state_note(world, object))
        }
        EventKind::Put { object, item } => {
            format!("put {} into {}{}", item.repr(), obj(object), state_note(world, object))
        }
        EventKind::Got { object, item } => {
            format!("got {} from {}{}", item.repr(), obj(object), state_note(world, object))
        }
        EventKind::TaskDone { object } => match world.object(object).map(|o| &o.state) {
            Some(ObjState::Queue { unfinished: Some(n), .. }) => {
                format!("task_done() on {} ({n} unfinished)", obj(object))
            }
            _ => format!("task_done() on {}", obj(object)),
        },
        EventKind::QueueJoined { object } => {
            format!("join() on {} returned: every item is done", obj(object))
        }
        EventKind::EventSet { object } => format!("set {}", obj(object)),
        EventKind::EventCleared { object } => format!("cleared {}", obj(object)),
        EventKind::EventWoke { object } => format!("woke: {} is set", obj(object)),
        EventKind::Sent { object, end, item } => {
            format!("sent {} into {} from end '{end}'", item.repr(), obj(object))
        }
        EventKind::Received { object, end, item } => {
            format!("received {} from {} at end '{end}'", item.repr(), obj(object))
        }
        EventKind::ValueRead { object, value } => format!("read {} = {value}", obj(object)),
        EventKind::ValueWritten { object, value } => format!("wrote {} = {value}", obj(object)),
        EventKind::FileRead { object, key, value } => {
            format!("read '{key}' = {} from {}", value.repr(), obj(object))
        }
        EventKind::FileWritten { object, key, value } => {
            format!("wrote '{key}' = {} to {}", value.repr(), obj(object))
        }
        EventKind::Printed { text } => format!("print  {text}"),
        EventKind::Sleeping { ms } => format!("sleeps {ms} ms"),
        EventKind::Computing { ms } => format!("computes for {ms} ms"),
        EventKind::Raised { error, message, caught, .. } => {
            let what = if message.is_empty() { error.clone() } else { format!("{error}: {message}") };
            format!("raised {what}{}", if *caught { " (caught)" } else { " (not caught)" })
        }
        EventKind::Signalled { target, signal } => {
            format!("sends {} to {}", signal_name(*signal), who(world, *target))
        }
        EventKind::Exiting { code } => format!("exits with code {code}"),
        EventKind::Reaped { child, exitcode } => {
            let signal = if *exitcode < 0 { format!(" ({})", signal_name(-exitcode)) } else { String::new() };
            format!("reaped {}: exitcode {exitcode}{signal}", who(world, *child))
        }
        EventKind::Audited { object, audit } => {
            format!("audited {}: {}", obj(object), audit_text(audit))
        }
        EventKind::Lost { from, to } => {
            format!("events {from}..={to} were lost (their writer was killed)")
        }
        EventKind::RunEnded { outcome } => format!("run ended: {}", outcome_text(outcome)),
    };
    Some(text)
}

#[cfg(test)]
mod tests;

/// A limit that stopped a run, in words, with how to raise it where the command line can.
pub fn limit_text(hit: &LimitHit) -> String {
    let limit = hit.limit;
    match hit.kind {
        LimitKind::RunTime => format!("the run took longer than {limit} s (raise it with --max-time)"),
        LimitKind::OutputLines => format!("the lesson printed more than {limit} lines"),
        LimitKind::Events => format!("the lesson produced more than {limit} events (a loop without end?)"),
    }
}
