//! Shared objects as the fold sees them: one `Obj` per `Created` event, with a state per kind
//! (lock owner, semaphore count, queue items, pipe messages, …), its waiters, and the peaks
//! (most holders, most waiters) seen so far. `World::apply` drives the changes; the methods here
//! only keep one object consistent and return a note when the events contradict it.

use std::collections::{BTreeMap, VecDeque};

use crate::event::{ObjectKind, WaitOp};
use crate::value::Value;

/// One shared object and its folded state.
#[derive(Clone, Debug, PartialEq)]
pub struct Obj {
    pub name: String,
    pub kind: ObjectKind,
    /// The Python line that created it (0 when unknown).
    pub py_line: u32,
    pub state: ObjState,
    /// Most processes holding it at once (locks and semaphores).
    pub max_holders: usize,
    /// Most processes waiting on it at once.
    pub max_waiters: usize,
    /// The manager process that keeps it (`SyncManager-1`), for an object made through a
    /// `Manager()`.
    pub manager: Option<String>,
}

/// The state of an object, by kind. Waiter lists hold pids in the order they began to wait.
#[derive(Clone, Debug, PartialEq)]
pub enum ObjState {
    /// `Lock` and `RLock`; `depth` counts an RLock's nested acquires.
    Lock {
        owner: Option<i32>,
        depth: u32,
        waiters: Vec<i32>,
    },
    /// `Semaphore` and `BoundedSemaphore`; a pid appears in `holders` once per acquire.
    Semaphore {
        value: i64,
        max: i64,
        holders: Vec<i32>,
        waiters: Vec<i32>,
    },
    Event {
        set: bool,
        waiters: Vec<i32>,
    },
    /// `Queue` and `JoinableQueue` (`unfinished` is `Some` only for the latter); `maxsize` ≤ 0
    /// means unbounded.
    Queue {
        items: VecDeque<Value>,
        /// Items `put()` handed to a process's feeder that are not in the pipe yet, oldest
        /// first, with the pid of the process whose feeder holds each (a deque: the one
        /// written is nearly always at the front, and a busy feeder holds thousands).
        feeding: VecDeque<(i32, Value)>,
        /// The last `Put` was the feeder of a process writing an item it held.
        fed_last: bool,
        maxsize: i64,
        unfinished: Option<i64>,
        getters: Vec<i32>,
        putters: Vec<i32>,
        joiners: Vec<i32>,
    },
    /// Messages in flight, keyed by the end that *sent* them: the fold never learns the end
    /// names from `Created`, so a `Received` at end E takes from the first non-empty outbox
    /// of an end other than E.
    Pipe {
        outbox: BTreeMap<String, VecDeque<Value>>,
        waiters: Vec<i32>,
        /// For each end (`pipe[0]`, `pipe[1]`), the live processes with a copy of it open:
        /// its creator, every child forked while its parent had it, less those that closed it.
        holders: BTreeMap<String, Vec<i32>>,
    },
    /// A shared `Value('i', …)` or `Value('d', …)`, or an `Array` (its items as a list).
    Value {
        value: crate::value::Value,
    },
    /// A file in the run's directory: its content after the last change (the first
    /// characters only, when `cut`).
    File {
        content: String,
        cut: bool,
    },
    /// A `Condition`: its lock as a `Lock`'s state (`waiters` wait for the lock), and
    /// `sleepers`, the processes asleep in `wait()` until a `notify`.
    Condition {
        owner: Option<i32>,
        depth: u32,
        waiters: Vec<i32>,
        sleepers: Vec<i32>,
    },
    /// A `Barrier` of `parties`: the processes waiting for the others.
    Barrier {
        parties: i64,
        waiters: Vec<i32>,
    },
    /// An object forkbook does not follow: only its Python class name is known.
    Other {
        class: String,
    },
}

/// A file's content on one line, as the screen shows it: each newline as `⏎`, other control
/// characters as `·`, and `…` after content that was cut. Empty for an empty file (each front
/// end says "(empty)" in its language).
pub fn file_line(content: &str, cut: bool) -> String {
    let mut line: String = content
        .chars()
        .map(|c| match c {
            '\n' => '⏎',
            c if c.is_control() => '·',
            c => c,
        })
        .collect();
    if cut {
        line.push('…');
    }
    line
}

/// The Python class name of a kind, as shown to students.
pub fn kind_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Lock => "Lock",
        ObjectKind::RLock => "RLock",
        ObjectKind::Semaphore => "Semaphore",
        ObjectKind::BoundedSemaphore => "BoundedSemaphore",
        ObjectKind::Event => "Event",
        ObjectKind::Queue => "Queue",
        ObjectKind::JoinableQueue => "JoinableQueue",
        ObjectKind::Pipe => "Pipe",
        ObjectKind::Value => "Value",
        ObjectKind::Array => "Array",
        ObjectKind::File => "File",
        ObjectKind::Dict => "dict",
        ObjectKind::List => "list",
        ObjectKind::Namespace => "Namespace",
        ObjectKind::Condition => "Condition",
        ObjectKind::Barrier => "Barrier",
        ObjectKind::Other => "object",
    }
}

impl Obj {
    /// A fresh object from a `Created` event's fields.
    pub fn new(name: &str, kind: ObjectKind, value: i64, capacity: i64, py_line: u32) -> Obj {
        let state = match kind {
            ObjectKind::Lock | ObjectKind::RLock => ObjState::Lock { owner: None, depth: 0, waiters: Vec::new() },
            ObjectKind::Semaphore | ObjectKind::BoundedSemaphore => {
                ObjState::Semaphore { value, max: capacity, holders: Vec::new(), waiters: Vec::new() }
            }
            ObjectKind::Event => ObjState::Event { set: value != 0, waiters: Vec::new() },
            ObjectKind::Queue | ObjectKind::JoinableQueue => ObjState::Queue {
                items: VecDeque::new(),
                feeding: VecDeque::new(),
                fed_last: false,
                maxsize: capacity,
                unfinished: (kind == ObjectKind::JoinableQueue).then_some(0),
                getters: Vec::new(),
                putters: Vec::new(),
                joiners: Vec::new(),
            },
            ObjectKind::Pipe => {
                ObjState::Pipe { outbox: BTreeMap::new(), waiters: Vec::new(), holders: BTreeMap::new() }
            }
            ObjectKind::Value => ObjState::Value { value: crate::value::Value::Int(value) },
            // Its items arrive in the `ValueWritten` that follows.
            ObjectKind::Array => ObjState::Value { value: crate::value::Value::List(Vec::new()) },
            ObjectKind::File => ObjState::File { content: String::new(), cut: false },
            // Its content arrives in the `ValueWritten` that follows.
            ObjectKind::Dict | ObjectKind::Namespace => {
                ObjState::Value { value: crate::value::Value::Dict(Vec::new()) }
            }
            ObjectKind::List => ObjState::Value { value: crate::value::Value::List(Vec::new()) },
            ObjectKind::Condition => {
                ObjState::Condition { owner: None, depth: 0, waiters: Vec::new(), sleepers: Vec::new() }
            }
            ObjectKind::Barrier => ObjState::Barrier { parties: value, waiters: Vec::new() },
            // Its class name arrives in the `ValueWritten` that follows.
            ObjectKind::Other => ObjState::Other { class: "object".to_string() },
        };
        Obj { name: name.to_string(), kind, py_line, state, max_holders: 0, max_waiters: 0, manager: None }
    }

    /// `Lock 'name'`, as the trace and summaries show an object; one a manager keeps says
    /// which: `dict 'd' (SyncManager-1)`.
    pub fn label(&self) -> String {
        if let ObjState::Other { class } = &self.state {
            return match &self.manager {
                Some(manager) => format!("{class} '{}' ({manager})", self.name),
                None => format!("{class} '{}'", self.name),
            };
        }
        match &self.manager {
            Some(manager) => format!("{} '{}' ({manager})", kind_name(self.kind), self.name),
            None => format!("{} '{}'", kind_name(self.kind), self.name),
        }
    }

    /// The list a process waiting with `op` joins (queues keep one list per operation).
    fn wait_list(&mut self, op: WaitOp) -> Option<&mut Vec<i32>> {
        match &mut self.state {
            ObjState::Lock { waiters, .. }
            | ObjState::Semaphore { waiters, .. }
            | ObjState::Event { waiters, .. }
            | ObjState::Pipe { waiters, .. }
            | ObjState::Barrier { waiters, .. } => Some(waiters),
            ObjState::Queue { getters, putters, joiners, .. } => match op {
                WaitOp::Put | WaitOp::Feed => Some(putters),
                WaitOp::QueueJoin => Some(joiners),
                _ => Some(getters),
            },
            ObjState::Condition { sleepers, .. } if op == WaitOp::Wait => Some(sleepers),
            ObjState::Condition { waiters, .. } => Some(waiters),
            ObjState::Value { .. } | ObjState::File { .. } | ObjState::Other { .. } => None,
        }
    }

    /// Every pid waiting on this object, in list order (for queues: getters, putters, joiners).
    pub fn waiters(&self) -> Vec<i32> {
        match &self.state {
            ObjState::Lock { waiters, .. }
            | ObjState::Semaphore { waiters, .. }
            | ObjState::Event { waiters, .. }
            | ObjState::Pipe { waiters, .. }
            | ObjState::Barrier { waiters, .. } => waiters.clone(),
            ObjState::Queue { getters, putters, joiners, .. } => {
                getters.iter().chain(putters).chain(joiners).copied().collect()
            }
            ObjState::Condition { waiters, sleepers, .. } => waiters.iter().chain(sleepers).copied().collect(),
            ObjState::Value { .. } | ObjState::File { .. } | ObjState::Other { .. } => Vec::new(),
        }
    }

    /// Pids holding it now (a lock's owner, a semaphore's holders).
    pub fn holders(&self) -> Vec<i32> {
        match &self.state {
            ObjState::Lock { owner, .. } | ObjState::Condition { owner, .. } => owner.iter().copied().collect(),
            ObjState::Semaphore { holders, .. } => holders.clone(),
            _ => Vec::new(),
        }
    }

    /// How many pids `waiters` lists, without making the list (the fold counts at every wait).
    fn waiter_count(&self) -> usize {
        match &self.state {
            ObjState::Lock { waiters, .. }
            | ObjState::Semaphore { waiters, .. }
            | ObjState::Event { waiters, .. }
            | ObjState::Pipe { waiters, .. }
            | ObjState::Barrier { waiters, .. } => waiters.len(),
            ObjState::Queue { getters, putters, joiners, .. } => getters.len() + putters.len() + joiners.len(),
            ObjState::Condition { waiters, sleepers, .. } => waiters.len() + sleepers.len(),
            ObjState::Value { .. } | ObjState::File { .. } | ObjState::Other { .. } => 0,
        }
    }

    /// How many pids `holders` lists, without making the list (the fold counts at every
    /// acquire).
    fn holder_count(&self) -> usize {
        match &self.state {
            ObjState::Lock { owner, .. } | ObjState::Condition { owner, .. } => usize::from(owner.is_some()),
            ObjState::Semaphore { holders, .. } => holders.len(),
            _ => 0,
        }
    }

    /// `pid` starts waiting with `op`.
    pub fn add_waiter(&mut self, pid: i32, op: WaitOp) {
        if let Some(list) = self.wait_list(op)
            && !list.contains(&pid)
        {
            list.push(pid);
        }
        self.max_waiters = self.max_waiters.max(self.waiter_count());
    }

    /// `pid` stops waiting (it got what it waited for, gave up, or died).
    pub fn remove_waiter(&mut self, pid: i32) {
        match &mut self.state {
            ObjState::Lock { waiters, .. }
            | ObjState::Semaphore { waiters, .. }
            | ObjState::Event { waiters, .. }
            | ObjState::Pipe { waiters, .. }
            | ObjState::Barrier { waiters, .. } => waiters.retain(|&p| p != pid),
            ObjState::Queue { getters, putters, joiners, .. } => {
                getters.retain(|&p| p != pid);
                putters.retain(|&p| p != pid);
                joiners.retain(|&p| p != pid);
            }
            ObjState::Condition { waiters, sleepers, .. } => {
                waiters.retain(|&p| p != pid);
                sleepers.retain(|&p| p != pid);
            }
            ObjState::Value { .. } | ObjState::File { .. } | ObjState::Other { .. } => {}
        }
    }

    /// `pid` acquired it. Returns a note when that contradicts the folded state.
    pub fn acquired(&mut self, pid: i32) -> Option<String> {
        // The label is made only for a note: this runs at every acquire.
        let reentrant = matches!(self.kind, ObjectKind::RLock | ObjectKind::Condition);
        let note = match &mut self.state {
            ObjState::Lock { owner, depth, .. } | ObjState::Condition { owner, depth, .. } => match *owner {
                Some(o) if o == pid && reentrant => {
                    *depth += 1;
                    None
                }
                Some(o) => {
                    *owner = Some(pid);
                    *depth = 1;
                    Some(format!("acquired by {pid} while held by {o}"))
                }
                None => {
                    *owner = Some(pid);
                    *depth = 1;
                    None
                }
            },
            ObjState::Semaphore { value, holders, .. } => {
                *value -= 1;
                holders.push(pid);
                (*value < 0).then(|| format!("value fell to {value} after an acquire by {pid}"))
            }
            _ => Some("acquired, but it is not a lock or semaphore".to_string()),
        };
        self.max_holders = self.max_holders.max(self.holder_count());
        note.map(|n| format!("{}: {n}", self.label()))
    }

    /// `pid` released it. Returns the pid that no longer holds it (if any) and a note when that
    /// contradicts the folded state. A plain Lock may be released by another process.
    pub fn released(&mut self, pid: i32) -> (Option<i32>, Option<String>) {
        let (former, note) = match &mut self.state {
            ObjState::Lock { owner, depth, .. } | ObjState::Condition { owner, depth, .. } => match *owner {
                None => (None, Some(format!("released by {pid} but not held"))),
                Some(o) => {
                    *depth = depth.saturating_sub(1);
                    if *depth > 0 && o == pid {
                        return (None, None);
                    }
                    *owner = None;
                    *depth = 0;
                    let note = (o != pid).then(|| format!("released by {pid} while held by {o}"));
                    (Some(o), note)
                }
            },
            ObjState::Semaphore { value, max, holders, .. } => {
                *value += 1;
                let was_holder = holders.iter().position(|&p| p == pid).map(|i| holders.remove(i));
                let note = (self.kind == ObjectKind::BoundedSemaphore && *value > *max)
                    .then(|| format!("value rose to {value} above its bound {max}"));
                (was_holder, note)
            }
            _ => (None, Some("released, but it is not a lock or semaphore".to_string())),
        };
        (former, note.map(|n| format!("{}: {n}", self.label())))
    }
}

/// Removes `item` from `items`, where it should be at the front. Returns what was wrong when
/// it was not at the front (then the first equal item, or else the front, is removed), for a
/// note the caller heads with the object's label (made only then: this runs at every get).
pub fn take_front(items: &mut VecDeque<Value>, item: &Value) -> Option<String> {
    match items.iter().position(|v| v == item) {
        Some(0) => {
            items.pop_front();
            None
        }
        Some(i) => {
            items.remove(i);
            let front = items.front().map(Value::repr).unwrap_or_default();
            Some(format!("took {} but the front was {front}", item.repr()))
        }
        None => {
            let front = items.pop_front().map_or_else(|| "nothing".to_string(), |v| v.repr());
            Some(format!("took {} but the front was {front}", item.repr()))
        }
    }
}
