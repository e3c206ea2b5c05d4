//! Headless front end: a readable trace or JSON lines over the same `World` the TUI draws.
//! `trace_line` turns one event into one timestamped line in the student's language (call it
//! after applying the event, so names and object states are current); `final_state`
//! summarises the end of a run; `json_line` is the wire format itself. Process states come from
//! `trace::describe`, shared with the TUI. Output has no colours and no trailing spaces.

mod summary;

pub use summary::{final_state, object_text};

use crate::event::{Audit, Event, EventKind, GiveUp, ObjectKind, Variable, VariableName, WaitOp};
use crate::text::{Lang, terminal_safe};
use crate::trace::describe::{self, counter, exitcode, is_pool_results, object_label, signal_name};
use crate::trace::{ObjState, World, file_line};
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

/// One event as a line of the trace in `lang`, or `None` for an event this detail leaves out,
/// e.g. `  0.013s  12346 Process-1   L13 waits for Lock 'lock' (owner 12347 Process-2)`.
pub fn trace_line(world: &World, ev: &Event, detail: Detail, lang: Lang) -> Option<String> {
    let text = event_text(world, ev, detail, lang)?;
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
    // A lesson's text and names may hold escapes meant for the terminal: shown, not obeyed.
    Some(terminal_safe(out.trim_end()).into_owned())
}

/// The first line of a run's trace: the seed of its random sleeps, and how to draw them again.
pub fn seed_line(seed: u64, lang: Lang) -> String {
    lang.t_with("headless.seed", &[("seed", &seed)])
}

/// The first line of many runs' tally: the seeds they used, from `first` to `last`.
pub fn seeds_line(first: u64, last: u64, lang: Lang) -> String {
    lang.t_with("headless.seeds", &[("first", &first), ("last", &last)])
}

/// The event as one line of JSON, exactly the runtime's wire format.
pub fn json_line(ev: &Event) -> String {
    serde_json::to_string(ev).expect("an Event has only string map keys, so it always serialises")
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

/// `1 item`, `2 items`: the catalog's `one` or `many` string with `{n}` filled in.
pub(crate) fn count(n: usize, one: &'static str, many: &'static str, lang: Lang) -> String {
    lang.t_with(if n == 1 { one } else { many }, &[("n", &n)])
}

/// A short note on an object's state after the event: ` (value 4 of 5)`, ` (2 items)`.
fn state_note(world: &World, name: &str, lang: Lang) -> String {
    let Some(obj) = world.object(name) else {
        return String::new();
    };
    let note = match &obj.state {
        ObjState::Lock { depth, .. } if obj.kind == ObjectKind::RLock && *depth > 1 => {
            lang.t_with("headless.depth", &[("depth", depth)])
        }
        ObjState::Semaphore { value, max, .. } => counter(*value, *max, lang),
        ObjState::Queue { items, feeding, .. } if !feeding.is_empty() => {
            let items = count(items.len(), "headless.item", "headless.items", lang);
            lang.t_with("headless.items_and_feeding", &[("items", &items), ("n", &feeding.len())])
        }
        ObjState::Queue { items, .. } => count(items.len(), "headless.item", "headless.items", lang),
        ObjState::Pipe { outbox, .. } => {
            let n = outbox.values().map(|q| q.len()).sum();
            let messages = count(n, "headless.message", "headless.messages", lang);
            lang.t_with("headless.in_flight", &[("messages", &messages)])
        }
        _ => return String::new(),
    };
    lang.t_with("headless.note", &[("note", &note)])
}

/// The queue's last `Put` was its feeder writing an item `put()` had handed it.
fn fed_last(world: &World, name: &str) -> bool {
    world.object(name).is_some_and(|o| matches!(o.state, ObjState::Queue { fed_last: true, .. }))
}

fn waiting_text(world: &World, object: &str, op: WaitOp, lang: Lang) -> String {
    let what = &object_label(world, object);
    let note = || state_note(world, object, lang);
    match (op, world.object(object).map(|o| &o.state)) {
        (WaitOp::Serve, _) => lang.t("headless.serves").to_string(),
        (WaitOp::Join, _) => {
            let child = world.proc_by_name(object).map_or_else(|| object.to_string(), |p| who(world, p.pid));
            lang.t_with("headless.waits_to_join", &[("child", &child)])
        }
        (WaitOp::Wait, Some(ObjState::Condition { .. })) => lang.t_with("headless.waits_notify", &[("object", what)]),
        (WaitOp::Wait, Some(ObjState::Barrier { parties, waiters })) => {
            lang.t_with("headless.waits_barrier", &[("object", what), ("n", &waiters.len()), ("parties", parties)])
        }
        (_, Some(ObjState::Lock { owner: Some(o), .. } | ObjState::Condition { owner: Some(o), .. })) => {
            let owner = format!("{o} {}", world.name_of(*o));
            lang.t_with("headless.waits_for_owner", &[("object", what), ("owner", &owner)])
        }
        (_, Some(ObjState::Semaphore { value, max, .. })) => {
            lang.t_with("headless.waits_for_counter", &[("object", what), ("counter", &counter(*value, *max, lang))])
        }
        (WaitOp::Get, _) if is_pool_results(world, object) => {
            lang.t_with("headless.waits_for_results", &[("object", &object)])
        }
        (WaitOp::Get, _) => lang.t_with("headless.waits_to_get", &[("object", what), ("note", &note())]),
        (WaitOp::Put, _) => lang.t_with("headless.waits_to_put", &[("object", what), ("note", &note())]),
        (WaitOp::Feed, _) => lang.t_with("headless.waits_to_feed", &[("object", what), ("note", &note())]),
        (WaitOp::QueueJoin, Some(ObjState::Queue { unfinished: Some(n), .. })) => {
            lang.t_with("headless.waits_all_done", &[("object", what), ("n", n)])
        }
        (WaitOp::Wait, _) => lang.t_with("headless.waits_to_be_set", &[("object", what)]),
        (WaitOp::Recv, _) => lang.t_with("headless.waits_to_receive", &[("object", what)]),
        _ => lang.t_with("headless.waits_for", &[("object", what)]),
    }
}

/// A file's content on one line, or "(empty)".
fn file_text(content: &str, cut: bool, lang: Lang) -> String {
    if content.is_empty() { lang.t("objects.file_empty").to_string() } else { file_line(content, cut) }
}

fn audit_text(audit: &Audit, lang: Lang) -> String {
    match audit {
        Audit::Semaphore { value } => counter(*value, -1, lang),
        Audit::Event { set } => lang.t(if *set { "objects.set" } else { "objects.clear" }).to_string(),
        Audit::Queue { items, unfinished: None } => items_text(items),
        Audit::Queue { items, unfinished: Some(n) } => {
            format!("{}{}", items_text(items), lang.t_with("objects.unfinished", &[("n", n)]))
        }
        Audit::Pipe { to_first, to_second } => {
            lang.t_with("headless.audit_pipe", &[("first", &items_text(to_first)), ("second", &items_text(to_second))])
        }
        Audit::Value { value } => lang.t_with("headless.value", &[("value", &value.repr())]),
        Audit::File { content } => file_text(content, false, lang),
    }
}

/// A verbose run's line for a `Variables` report: where the process runs, what its last
/// statement set (its locals, then globals) and what is gone; nothing when only the frame
/// changed.
fn variables_text(
    world: &World,
    pid: i32,
    frame: &Option<String>,
    set: &[Variable],
    gone: &[VariableName],
    lang: Lang,
) -> Option<String> {
    if set.is_empty() && gone.is_empty() {
        return None;
    }
    let frame = frame.clone().or_else(|| world.proc_by_pid(pid)?.variables.frame.clone()).unwrap_or_default();
    let frame = if frame == "<module>" { lang.t("headless.module_level").to_string() } else { format!("{frame}()") };
    let pairs = |local: bool| set.iter().filter(move |v| v.local == local).map(|v| format!("{} = {}", v.name, v.value));
    let mut list: Vec<String> = pairs(true).collect();
    let globals: Vec<String> = pairs(false).collect();
    if !globals.is_empty() && !list.is_empty() {
        list.push(lang.t_with("headless.variables_globals", &[("list", &globals.join(", "))]));
    } else {
        list.extend(globals);
    }
    if !gone.is_empty() {
        let names: Vec<&str> = gone.iter().map(|v| v.name.as_str()).collect();
        list.push(lang.t_with("headless.variables_gone", &[("names", &names.join(", "))]));
    }
    Some(lang.t_with("headless.variables", &[("frame", &frame), ("list", &list.join("; "))]))
}

/// An object's label, with `[index]` for one element of an Array.
fn element(label: String, index: Option<u32>) -> String {
    match index {
        Some(i) => format!("{label}[{i}]"),
        None => label,
    }
}

fn event_text(world: &World, ev: &Event, detail: Detail, lang: Lang) -> Option<String> {
    let verbose = detail == Detail::Verbose;
    let obj = |name: &str| object_label(world, name);
    let note = |name: &str| state_note(world, name, lang);
    let text = match &ev.kind {
        EventKind::RunStarted { lesson, runner, .. } => {
            lang.t_with("headless.run_started", &[("lesson", lesson), ("runner", runner)])
        }
        EventKind::Started { ppid, script, daemon, .. } => {
            let key = if *daemon { "headless.started_daemon" } else { "headless.started" };
            lang.t_with(key, &[("parent", &who(world, *ppid)), ("script", script)])
        }
        // An object forkbook does not follow is said once its class name came (below).
        EventKind::Created { object_kind: ObjectKind::Other, .. } => return None,
        EventKind::ValueWritten { object, .. } if world.object(object).is_some_and(|o| o.kind == ObjectKind::Other) => {
            lang.t_with("headless.created_other", &[("object", &obj(object))])
        }
        EventKind::Created { object, object_kind, value, capacity, .. } => {
            let what = &obj(object);
            match object_kind {
                ObjectKind::Semaphore | ObjectKind::BoundedSemaphore | ObjectKind::Value | ObjectKind::Array => {
                    lang.t_with("headless.created_value", &[("object", what), ("value", value)])
                }
                ObjectKind::Queue | ObjectKind::JoinableQueue if *capacity > 0 => {
                    lang.t_with("headless.created_maxsize", &[("object", what), ("maxsize", capacity)])
                }
                _ => lang.t_with("headless.created", &[("object", what)]),
            }
        }
        EventKind::AtStep { line } if verbose => lang.t_with("headless.step", &[("line", line)]),
        EventKind::CodeEnded => lang.t("process.code_ended").to_string(),
        // Held: the same words as the lanes (and the summary) use.
        EventKind::Gated if verbose => lang.t("process.held").to_string(),
        EventKind::Kernel { state, wchan } if verbose => {
            lang.t_with("headless.kernel", &[("state", state), ("wchan", wchan)])
        }
        EventKind::Variables { frame, set, gone } if verbose => variables_text(world, ev.pid, frame, set, gone, lang)?,
        EventKind::Served { client, object, method } if verbose => {
            // A request that makes an object comes before the object's `Created`.
            let call = match world.object(object) {
                Some(_) => format!("{object}.{method}()"),
                None => format!("{object} = {method}()"),
            };
            lang.t_with("headless.served", &[("client", &who(world, *client)), ("call", &call)])
        }
        EventKind::AtStep { .. }
        | EventKind::Gated
        | EventKind::Kernel { .. }
        | EventKind::Variables { .. }
        | EventKind::Served { .. } => {
            return None;
        }
        EventKind::Waiting { object, op, .. } => waiting_text(world, object, *op, lang),
        EventKind::GaveUp { object, why, .. } => {
            let why = match why {
                GiveUp::TimedOut => lang.t("headless.timed_out"),
                GiveUp::WouldBlock => lang.t("headless.would_block"),
                GiveUp::Closed => lang.t("headless.other_end_closed"),
            };
            lang.t_with("headless.gave_up", &[("object", &obj(object)), ("why", &why)])
        }
        EventKind::Acquired { object } => {
            lang.t_with("headless.acquired", &[("object", &obj(object)), ("note", &note(object))])
        }
        EventKind::Released { object } => {
            lang.t_with("headless.released", &[("object", &obj(object)), ("note", &note(object))])
        }
        EventKind::Fed { object, item } => {
            let process = &world.name_of(ev.pid);
            lang.t_with(
                "headless.fed",
                &[("item", &item.repr()), ("process", process), ("object", &obj(object)), ("note", &note(object))],
            )
        }
        EventKind::Put { object, item } if fed_last(world, object) => lang.t_with(
            "headless.put_by_feeder",
            &[
                ("item", &item.repr()),
                ("process", &world.name_of(ev.pid)),
                ("object", &obj(object)),
                ("note", &note(object)),
            ],
        ),
        EventKind::Put { object, item } => {
            lang.t_with("headless.put", &[("item", &item.repr()), ("object", &obj(object)), ("note", &note(object))])
        }
        EventKind::Got { object, item } => {
            lang.t_with("headless.got", &[("item", &item.repr()), ("object", &obj(object)), ("note", &note(object))])
        }
        EventKind::TaskDone { object } => match world.object(object).map(|o| &o.state) {
            Some(ObjState::Queue { unfinished: Some(n), .. }) => {
                lang.t_with("headless.task_done_unfinished", &[("object", &obj(object)), ("n", n)])
            }
            _ => lang.t_with("headless.task_done", &[("object", &obj(object))]),
        },
        EventKind::QueueJoined { object } => lang.t_with("headless.queue_joined", &[("object", &obj(object))]),
        EventKind::EventSet { object } => lang.t_with("headless.event_set", &[("object", &obj(object))]),
        EventKind::EventCleared { object } => lang.t_with("headless.event_cleared", &[("object", &obj(object))]),
        EventKind::EventWoke { object } => {
            let key = match world.object(object).map(|o| o.kind) {
                Some(ObjectKind::Condition) => "headless.woke_notified",
                Some(ObjectKind::Barrier) => "headless.barrier_passed",
                _ => "headless.event_woke",
            };
            lang.t_with(key, &[("object", &obj(object))])
        }
        EventKind::Notified { object, woke } => {
            lang.t_with("headless.notified", &[("object", &obj(object)), ("n", woke)])
        }
        EventKind::Sent { object, end, item } => {
            lang.t_with("headless.sent", &[("item", &item.repr()), ("object", &obj(object)), ("end", end)])
        }
        EventKind::Received { object, end, item } => {
            lang.t_with("headless.received", &[("item", &item.repr()), ("object", &obj(object)), ("end", end)])
        }
        EventKind::Closed { end, .. } => lang.t_with("headless.closed", &[("end", end)]),
        EventKind::ValueRead { object, index, value } => {
            lang.t_with("headless.value_read", &[("object", &element(obj(object), *index)), ("value", &value.repr())])
        }
        EventKind::ValueWritten { object, index, value } => {
            let what = element(obj(object), *index);
            lang.t_with("headless.value_written", &[("object", &what), ("value", &value.repr())])
        }
        EventKind::FileChanged { object, content, cut } => lang
            .t_with("headless.file_changed", &[("object", &obj(object)), ("content", &file_text(content, *cut, lang))]),
        EventKind::Printed { text } | EventKind::PrintedPart { text } => {
            lang.t_with("headless.printed", &[("text", text)])
        }
        EventKind::Sleeping { ms } => lang.t_with("headless.sleeping", &[("ms", ms)]),
        EventKind::Raised { error, message, caught, .. } => {
            let what = describe::error_line(error, message);
            let key = if *caught { "headless.raised_caught" } else { "headless.raised_uncaught" };
            lang.t_with(key, &[("error", &what)])
        }
        EventKind::Signalled { target, signal } => lang
            .t_with("headless.signalled", &[("signal", &signal_name(*signal, lang)), ("target", &who(world, *target))]),
        EventKind::Exiting { code } => lang.t_with("headless.exiting", &[("code", code)]),
        EventKind::Reaped { child, exitcode: code } => {
            lang.t_with("headless.reaped", &[("child", &who(world, *child)), ("exitcode", &exitcode(*code, lang))])
        }
        EventKind::Audited { object, audit } => {
            lang.t_with("headless.audited", &[("object", &obj(object)), ("audit", &audit_text(audit, lang))])
        }
        EventKind::InternalError { message, location } => {
            lang.t_with("internal.event", &[("error", &describe::internal_error(message, location, lang))])
        }
        EventKind::Lost { from, to } => lang.t_with("headless.lost", &[("from", from), ("to", to)]),
        EventKind::RunEnded { outcome } => {
            lang.t_with("headless.run_ended", &[("outcome", &describe::outcome(outcome, lang))])
        }
    };
    Some(text)
}

#[cfg(test)]
mod tests;
