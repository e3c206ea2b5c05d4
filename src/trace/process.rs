//! A lesson process as the fold sees it: its Python name and pid, what it is doing
//! (`ProcState`), where its cursor is, what it holds and waits for, and the kernel's view.
//! `World::apply` moves processes between states; the methods here keep the history.

use crate::event::WaitOp;

/// What a lesson process is doing, as far as the events tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcState {
    Running,
    /// `time.sleep(ms)`.
    Sleeping {
        ms: u64,
    },
    /// Busy for `ms` (a stand-in for real work).
    Computing {
        ms: u64,
    },
    /// Waiting on `object` (for `WaitOp::Join`, the object is the child's name).
    Blocked {
        object: String,
        op: WaitOp,
    },
    /// Its code ended but nobody reaped it yet; `code` is unknown when only the kernel said so.
    Zombie {
        code: Option<i32>,
    },
    /// Reaped after exiting with `code`.
    Exited {
        code: i32,
    },
    /// Reaped after a signal ended it.
    Killed {
        signal: i32,
    },
}

impl ProcState {
    /// Still executing its script (not a zombie, not reaped).
    pub fn is_alive(&self) -> bool {
        !matches!(self, ProcState::Zombie { .. } | ProcState::Exited { .. } | ProcState::Killed { .. })
    }

    /// Reaped: it no longer exists at all.
    pub fn is_gone(&self) -> bool {
        matches!(self, ProcState::Exited { .. } | ProcState::Killed { .. })
    }
}

/// The kernel's view of a process: the state letter of `/proc/<pid>/stat` and its wait channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kernel {
    pub state: char,
    pub wchan: String,
}

/// One lesson process.
#[derive(Clone, Debug, PartialEq)]
pub struct Proc {
    pub pid: i32,
    pub ppid: i32,
    /// Python's `Process.name` (`MainProcess`, `Process-1`, …).
    pub name: String,
    pub script: String,
    pub daemon: bool,
    pub state: ProcState,
    /// The Python line of its last step.
    pub line: Option<u32>,
    /// Waiting at its gate for a grant (step mode).
    pub gated: bool,
    /// Names of the objects it holds (an RLock once, a semaphore once per acquire).
    pub holds: Vec<String>,
    pub waiting: Option<(String, WaitOp)>,
    /// Python's `exitcode`, known once reaped (negative: killed by that signal).
    pub exitcode: Option<i32>,
    pub kernel: Option<Kernel>,
    /// Each state it entered, with the time it did.
    pub history: Vec<(u64, ProcState)>,
    pub started_t_ns: u64,
    /// When its code ended (or, failing that, when it was reaped or seen as a zombie).
    pub ended_t_ns: Option<u64>,
    /// The last item it took from a queue: a pool worker's task, a consumer's item.
    pub last_got: Option<crate::value::Value>,
}

impl Proc {
    pub(super) fn set_state(&mut self, t_ns: u64, state: ProcState) {
        if self.state != state {
            self.history.push((t_ns, state.clone()));
            self.state = state;
        }
    }

    /// Back to running after a wait, a sleep or a step, unless its code already ended.
    pub(super) fn resume(&mut self, t_ns: u64) {
        if self.state.is_alive() {
            self.waiting = None;
            self.set_state(t_ns, ProcState::Running);
        }
    }
}
