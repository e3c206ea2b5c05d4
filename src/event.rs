//! The event stream: what every lesson process reports, in one total order (`seq`), and
//! what the viewer adds (kernel samples, the end of the run). Events travel as binary records
//! in per-process rings (`runtime/ring.rs`); this is their in-memory form, which
//! `trace::World` folds, and their JSON is the headless `--json` output.

use serde::{Deserialize, Serialize};

use crate::value::Value;

mod name;
pub use name::Name;

/// The version of this format, sent in `RunStarted`: the `--json` stream is a public format
/// (docs/events.md), and a reader can refuse a stream it does not know. Bump it whenever a
/// kind or field changes meaning or goes away.
pub const FORMAT_VERSION: u32 = 2;

/// One event. `seq` is taken at the moment the reported state became true (e.g. right after
/// a semaphore was acquired, before a release), so folding in `seq` order yields real states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    /// 0 for events that take their own `seq`. Step markers (`AtStep`, `Gated`) take none:
    /// they carry the seq of their process's last event and count up here, so they order
    /// right after it, and one lost with a killed process leaves no gap in the stream.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sub: u32,
    /// CLOCK_MONOTONIC nanoseconds since the run started.
    pub t_ns: u64,
    /// The process the event is about (the reporter, unless the kind names another).
    pub pid: i32,
    #[serde(flatten)]
    pub kind: EventKind,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Event {
    /// Whether this is a step marker, ordered after its process's last event (see `sub`).
    pub fn is_marker(&self) -> bool {
        self.sub > 0
    }
}

/// What a process can block on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitOp {
    Acquire,
    Get,
    Put,
    /// `Event.wait()`
    Wait,
    /// `JoinableQueue.join()`
    QueueJoin,
    Recv,
    /// `Process.join()`; the object is the child's name.
    Join,
    /// A manager's server waiting for requests; the object is the manager's process name.
    Serve,
    /// A queue's feeder waiting for room in the queue's pipe for an item `put()` handed it
    /// (only a reader makes room): the process blocks or ends meanwhile.
    Feed,
}

/// The kinds of object, as created in the main process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Lock,
    RLock,
    Semaphore,
    BoundedSemaphore,
    Event,
    Queue,
    JoinableQueue,
    Pipe,
    Value,
    /// A shared `Array`: its `Created.value` is its length.
    Array,
    File,
    /// A dict kept by a manager's server (`Manager().dict()`).
    Dict,
    /// A list kept by a manager's server (`Manager().list()`).
    List,
    /// A `Manager().Namespace()`: its attributes, shown as a dict of them.
    Namespace,
    /// A `Condition`: its lock (owner, waiters for it) and the processes asleep in `wait()`.
    Condition,
    /// A `Barrier`: `Created.value` is its number of parties.
    Barrier,
    /// An object a watched CPython program made that forkbook does not follow (a Manager's
    /// `Namespace`, a `RawValue`…): its Python class name follows in a `ValueWritten` (a
    /// string), so the screen can say what it is and that it is not followed.
    Other,
}

/// How a wait ended without getting what it waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GiveUp {
    /// The timeout passed (`acquire(timeout=…)` returned False, `get` raised Empty…).
    TimedOut,
    /// A non-blocking attempt failed.
    WouldBlock,
    /// Every other copy of a pipe's connection was closed (`recv` raised EOFError).
    Closed,
}

/// The real state of one object, read from the object itself at the end of a run (after every
/// child was joined), to check that the fold equals reality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Audit {
    /// A lock or semaphore: its counter as `sem_getvalue` reports it.
    Semaphore {
        value: i64,
    },
    Event {
        set: bool,
    },
    /// Items drained from the real pipe, in order; `unfinished` for a JoinableQueue.
    Queue {
        items: Vec<Value>,
        unfinished: Option<i64>,
    },
    /// Items drained from each direction of a pipe: towards `ends[0]`, towards `ends[1]`.
    Pipe {
        to_first: Vec<Value>,
        to_second: Vec<Value>,
    },
    /// A shared Value: what it holds (an int, or a float for `Value('d')`).
    Value {
        value: Value,
    },
    File {
        content: String,
    },
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// The run began (sent by the runner): the format version, lesson id, the runner's pid and
    /// the seed of the run's random sleeps (`--seed` replays it). A stream written before the
    /// seed was sent reads as seed 0.
    RunStarted {
        version: u32,
        lesson: String,
        runner: i32,
        #[serde(default)]
        seed: u64,
    },
    /// A lesson process exists (sent by its parent right after fork, with a seq reserved
    /// before the fork so it precedes everything the child reports).
    Started {
        name: String,
        ppid: i32,
        script: String,
        daemon: bool,
        slot: u32,
    },
    /// A shared object was created: the program called `Lock()`, `Queue()`, `Pipe()` and the
    /// like (a `Pool()` creates its task and result queues).
    Created {
        object: Name,
        object_kind: ObjectKind,
        value: i64,
        capacity: i64,
        py_line: u32,
        /// The manager process that keeps it, for an object made through a `Manager()`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        manager: Option<String>,
    },
    /// The process is at a step: about to execute the statement for this Python line.
    AtStep {
        line: u32,
    },
    /// In step mode: the process waits at its gate for a grant.
    Gated,
    /// The process's own code is done (the main module ran to its end or raised, a child's
    /// target returned or raised). From here until its `Exiting` it runs CPython's exit
    /// protocol: pools terminated, managers shut down, daemon children terminated, the other
    /// children joined. A step marker, like `AtStep`.
    CodeEnded,
    /// Its variables changed since its last step (sent just before the step's `AtStep`):
    /// the running function's locals and the module's globals, each as a short repr.
    /// A forked child's first one lists everything it inherited.
    Variables {
        /// Where it runs now, when that changed: a function's qualified name or `<module>`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frame: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        set: Vec<Variable>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        gone: Vec<VariableName>,
    },
    /// The process blocks on an object (reported only after a non-blocking try failed).
    Waiting {
        object: Name,
        op: WaitOp,
        /// The wait has a timeout, so it ends by itself (never part of a deadlock).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        timed: bool,
    },
    /// A blocking call returned without success.
    GaveUp {
        object: Name,
        op: WaitOp,
        why: GiveUp,
    },
    Acquired {
        object: Name,
    },
    /// Reported before the real release, so the fold never shows two owners.
    Released {
        object: Name,
    },
    /// `put()` handed the item to this process's feeder (CPython's feeder thread, which
    /// writes it into the pipe later): the queue counts it (`qsize()`, a JoinableQueue's
    /// unfinished tasks) but cannot hand it out yet. Its `Put`, in the same lane, follows.
    Fed {
        object: Name,
        item: Value,
    },
    /// The item entered the queue's pipe (reported under the queue's write lock): written by
    /// the feeder of the reporting process when a `Fed` of it came before, else by `put()`.
    Put {
        object: Name,
        item: Value,
    },
    /// The item left the queue's pipe (reported under the queue's read lock).
    Got {
        object: Name,
        item: Value,
    },
    TaskDone {
        object: Name,
    },
    /// A manager's server (the reporter) took a request from process `client`: `method` of
    /// `object`, or the name of the type it made (`dict`, `Queue`…). What the request did
    /// follows in the client's lane.
    Served {
        client: i32,
        object: Name,
        method: String,
    },
    /// `JoinableQueue.join()` returned: every item was marked done.
    QueueJoined {
        object: Name,
    },
    EventSet {
        object: Name,
    },
    EventCleared {
        object: Name,
    },
    /// `Event.wait()` returned True; a `Barrier`'s or a `Condition`'s `wait()` was woken.
    EventWoke {
        object: Name,
    },
    /// `Condition.notify(n)` / `notify_all()` woke `woke` of the processes asleep in `wait()`.
    Notified {
        object: Name,
        woke: u32,
    },
    /// A message entered a pipe from connection `end`.
    Sent {
        object: Name,
        end: String,
        item: Value,
    },
    /// A message left a pipe at connection `end`.
    Received {
        object: Name,
        end: String,
        item: Value,
    },
    /// This process closed its copy of a pipe's connection `end` (`conn.close()`); a process
    /// that ends closes all of its copies without this event.
    Closed {
        object: Name,
        end: String,
    },
    /// A shared Value's `value` was read (under its lock); for an Array, element `index`, or
    /// (no index) the whole array as a list.
    ValueRead {
        object: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
        value: Value,
    },
    /// A shared Value's `value` was written (under its lock); a float `Value('d')` reports
    /// its initial value this way right after `Created`.
    ValueWritten {
        object: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
        value: Value,
    },
    /// A file in the run's directory changed: `open()` in a writing mode created or truncated
    /// it (`content` may be empty), or written bytes reached it. `object` is the name the
    /// program opened it by; `content` is the whole file right after the change, its first
    /// characters only when `cut`. The first such event for a name makes the file an object.
    FileChanged {
        object: Name,
        content: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        cut: bool,
    },
    /// A line the lesson printed (the seed program's own text).
    Printed {
        text: String,
    },
    /// Output written without ending its line: stdout was flushed (`start()` flushes it
    /// before the fork, as does `print(…, flush=True)` and the process's end). On a terminal
    /// the next output, whoever writes it, goes on on the same line.
    PrintedPart {
        text: String,
    },
    Sleeping {
        ms: u64,
    },
    /// A Python exception was raised (`caught` tells whether a handler took it).
    Raised {
        error: String,
        /// The whole message, which may span lines (front ends show its first).
        message: String,
        line: u32,
        caught: bool,
    },
    /// This process sent a signal to `target` (`terminate` = SIGTERM, `kill` = SIGKILL).
    Signalled {
        target: i32,
        signal: i32,
    },
    /// The process exits with `code` (its exit protocol done) and stays a zombie until reaped.
    Exiting {
        code: i32,
    },
    /// A child was reaped by `pid` (its parent's join/is_alive/start, or the runner for
    /// orphans and the main process); `exitcode` is Python's (negative for a signal).
    Reaped {
        child: i32,
        exitcode: i32,
    },
    /// forkbook itself failed in this process (a Rust panic, never the lesson's fault): the
    /// panic's message and where in forkbook's source it happened (empty when unknown). The
    /// process reports nothing else but its `Exiting` (with code 70) after it, and the run
    /// ends `internal_error`. For a native crash (reaped after SIGABRT, SIGSEGV…) the viewer
    /// adds it, right after the `Reaped`.
    InternalError {
        message: String,
        location: String,
    },
    /// The viewer's sample of the kernel's view (`/proc/<pid>/stat` and `wchan`).
    Kernel {
        state: char,
        wchan: String,
    },
    /// The real state of an object at the end of the run.
    Audited {
        object: Name,
        audit: Audit,
    },
    /// Events with these seqs never arrived (their writer was killed between taking the seq
    /// and writing).
    Lost {
        from: u64,
        to: u64,
    },
    /// The run is over.
    RunEnded {
        outcome: RunOutcome,
    },
}

/// Why a run ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum RunOutcome {
    /// Every lesson process exited and was reaped.
    Finished,
    /// The viewer stopped it (quit, restart, Ctrl-C).
    Stopped,
    /// A limit was hit; the front end phrases it.
    Limit(LimitHit),
    /// The runner failed.
    Failed { message: String },
    /// The runner was killed by `signal` (its name, `SIGKILL`) mid-run: the viewer killed
    /// every lesson process itself.
    RunnerDied { signal: String },
    /// A wait-for cycle formed: each process in `cycle` waits for something only the next one
    /// (the last: the first) can give — a lock it owns, a semaphore it holds, its own end.
    /// The viewer stopped the run as soon as it saw the cycle.
    Deadlocked { cycle: Vec<WaitLink> },
    /// Every live process waited, and nobody alive could wake any of them; the viewer stopped
    /// the run after a quiet while. `waits` lists each live process and what it waited on.
    Stuck { waits: Vec<WaitLink> },
    /// forkbook itself failed in `process` (its first `InternalError`): whatever else
    /// happened, the run did not show what Python would do, so this end outranks every other.
    InternalError { process: String, message: String, location: String },
}

impl RunOutcome {
    /// The processes caught in the deadlock or stall that ended the run (none for any other
    /// end), so a front end can mark them.
    pub fn caught(&self) -> &[WaitLink] {
        match self {
            RunOutcome::Deadlocked { cycle: links } | RunOutcome::Stuck { waits: links } => links,
            _ => &[],
        }
    }
}

/// A variable as `Variables` reports it: local to the running function or global, its name
/// and its value's short repr (cut with `…`). The name is shared (`Name`): a loop reports
/// the same variable at every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
    pub name: Name,
    pub value: String,
}

/// A variable `Variables` reports gone (a function returned, `del x`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableName {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
    pub name: Name,
}

/// One process caught in a wait that will not end, as a deadlock or a stall names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitLink {
    pub pid: i32,
    /// Python's `Process.name`.
    pub name: String,
    pub op: WaitOp,
    /// The object it waits on (for `Join`, the child's name).
    pub object: String,
    /// What kind of object, when a `wait` on it is not an Event's (asleep in a Condition's
    /// `wait()`, or at a Barrier), so the words can say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ObjectKind>,
}

/// A limit that stopped a run, and its value, so each front end can say it in the student's
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitHit {
    pub kind: LimitKind,
    /// The limit's value (seconds, lines or events).
    pub limit: f64,
}

/// Which limit a run hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Wall time in seconds (`--max-time`).
    RunTime,
    /// Lines printed by the lesson.
    OutputLines,
    /// Events reported (a loop without end).
    Events,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_outcome_reads_as_docs_events_md_says() {
        let ended =
            EventKind::RunEnded { outcome: RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: 600.0 }) };
        let json = serde_json::to_string(&ended).expect("serialises");
        assert_eq!(json, r#"{"kind":"run_ended","outcome":{"how":"limit","kind":"run_time","limit":600.0}}"#);
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), ended);
    }

    #[test]
    fn a_deadlock_outcome_names_the_cycle_in_order() {
        let link = |pid, name: &str, object: &str| WaitLink {
            kind: None,
            pid,
            name: name.into(),
            op: WaitOp::Acquire,
            object: object.into(),
        };
        let ended = EventKind::RunEnded {
            outcome: RunOutcome::Deadlocked { cycle: vec![link(7, "Process-1", "b"), link(8, "Process-2", "a")] },
        };
        let json = serde_json::to_string(&ended).expect("serialises");
        assert_eq!(
            json,
            r#"{"kind":"run_ended","outcome":{"how":"deadlocked","cycle":[{"pid":7,"name":"Process-1","op":"acquire","object":"b"},{"pid":8,"name":"Process-2","op":"acquire","object":"a"}]}}"#
        );
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), ended);
    }

    #[test]
    fn a_stuck_outcome_lists_every_wait() {
        let waits = vec![WaitLink {
            pid: 9,
            name: "MainProcess".into(),
            op: WaitOp::QueueJoin,
            object: "q".into(),
            kind: None,
        }];
        let ended = EventKind::RunEnded { outcome: RunOutcome::Stuck { waits } };
        let json = serde_json::to_string(&ended).expect("serialises");
        assert_eq!(
            json,
            r#"{"kind":"run_ended","outcome":{"how":"stuck","waits":[{"pid":9,"name":"MainProcess","op":"queue_join","object":"q"}]}}"#
        );
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), ended);
    }

    #[test]
    fn an_internal_error_and_its_outcome_read_as_docs_events_md_says() {
        let error = EventKind::InternalError { message: "boom".into(), location: "src/x.rs:3".into() };
        let json = serde_json::to_string(&error).expect("serialises");
        assert_eq!(json, r#"{"kind":"internal_error","message":"boom","location":"src/x.rs:3"}"#);
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), error);
        let outcome =
            RunOutcome::InternalError { process: "Process-1".into(), message: "boom".into(), location: String::new() };
        let json = serde_json::to_string(&outcome).expect("serialises");
        assert_eq!(json, r#"{"how":"internal_error","process":"Process-1","message":"boom","location":""}"#);
    }

    #[test]
    fn a_file_change_reads_as_docs_events_md_says() {
        let changed = EventKind::FileChanged { object: "db.txt".into(), content: String::new(), cut: false };
        let json = serde_json::to_string(&changed).expect("serialises");
        assert_eq!(json, r#"{"kind":"file_changed","object":"db.txt","content":""}"#);
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), changed);
        let cut = EventKind::FileChanged { object: "log.txt".into(), content: "abc".into(), cut: true };
        let json = serde_json::to_string(&cut).expect("serialises");
        assert_eq!(json, r#"{"kind":"file_changed","object":"log.txt","content":"abc","cut":true}"#);
    }

    #[test]
    fn run_started_carries_the_format_version() {
        let started = EventKind::RunStarted { version: FORMAT_VERSION, lesson: "lock".into(), runner: 7, seed: 42 };
        let json = serde_json::to_string(&started).expect("serialises");
        assert!(json.contains(r#""version":2"#), "{json}");
    }

    #[test]
    fn run_started_carries_the_seed_and_a_stream_without_it_reads_as_seed_zero() {
        let started = EventKind::RunStarted { version: 1, lesson: "lock".into(), runner: 7, seed: 482_913 };
        let json = serde_json::to_string(&started).expect("serialises");
        assert!(json.ends_with(r#""seed":482913}"#), "{json}");
        assert_eq!(serde_json::from_str::<EventKind>(&json).expect("parses"), started);
        let old = r#"{"kind":"run_started","version":1,"lesson":"lock","runner":7}"#;
        let read: EventKind = serde_json::from_str(old).expect("parses");
        assert!(matches!(read, EventKind::RunStarted { seed: 0, .. }), "{read:?}");
    }
}
