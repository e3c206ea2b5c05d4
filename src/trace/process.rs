//! A lesson process as the fold sees it: its Python name and pid, what it is doing
//! (`ProcState`), where its cursor is, what it holds and waits for, and the kernel's view.
//! `World::apply` moves processes between states; the methods here keep the history. `Phase`
//! is what the front ends show: the state, with held at the gate and failures told apart.

use crate::event::WaitOp;

/// What a lesson process is doing, as far as the events tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcState {
    Running,
    /// `time.sleep(ms)`.
    Sleeping {
        ms: u64,
    },
    /// Waiting on `object` (for `WaitOp::Join`, the object is the child's name).
    Blocked {
        object: crate::event::Name,
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

/// A process as the front ends show it. Finer than `ProcState` where a student must not
/// confuse two things: a process held at its step gate is not running (the kernel has it
/// asleep on the gate's futex), and an exit with an error or by a signal is no success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    Running,
    /// Waiting at its step gate for a grant.
    Held,
    Sleeping,
    Blocked,
    Zombie,
    /// Reaped after exiting with 0.
    Exited,
    /// Reaped after a non-zero exit (an uncaught exception exits with 1) or a signal.
    Failed,
}

impl Phase {
    /// Every phase, in the order a legend lists them.
    pub const ALL: [Phase; 7] =
        [Phase::Running, Phase::Held, Phase::Sleeping, Phase::Blocked, Phase::Zombie, Phase::Exited, Phase::Failed];

    /// The phase of a process in `state`, `held` at its gate or not.
    pub fn of(state: &ProcState, held: bool) -> Phase {
        match state {
            _ if held && state.is_alive() => Phase::Held,
            ProcState::Running => Phase::Running,
            ProcState::Sleeping { .. } => Phase::Sleeping,
            ProcState::Blocked { .. } => Phase::Blocked,
            ProcState::Zombie { .. } => Phase::Zombie,
            ProcState::Exited { code: 0 } => Phase::Exited,
            ProcState::Exited { .. } | ProcState::Killed { .. } => Phase::Failed,
        }
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
    /// The Python line of its last step (none once its code ended).
    pub line: Option<u32>,
    /// Its own code is done: what it does until it exits is CPython's exit protocol (its
    /// daemons terminated, its other children joined).
    pub code_ended: bool,
    /// A lesson process sent it a signal (`terminate()`, `kill()`, a daemon's end): a kill
    /// without one came from outside the program (forkbook stopping the run, the student).
    pub signalled: bool,
    /// Waiting at its gate for a grant (step mode).
    pub gated: bool,
    /// Each time it came to its gate (`true`) or went on from it (`false`), with the time.
    pub gate_history: Vec<(u64, bool)>,
    /// Names of the objects it holds (an RLock once, a semaphore once per acquire).
    pub holds: Vec<crate::event::Name>,
    pub waiting: Option<(crate::event::Name, WaitOp)>,
    /// Its wait (if any) has a timeout: it ends by itself, so it is never stuck for good.
    pub timed_wait: bool,
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
    /// forkbook itself failed in it (its `InternalError`): the panic's message.
    pub internal_error: Option<String>,
    /// The class of the uncaught exception that ended its program (`JSONDecodeError`).
    pub uncaught: Option<String>,
    /// Its own variables, as its last statements left them.
    pub variables: super::variables::Variables,
}

impl Proc {
    /// A process as its `Started` event shows it at `t_ns`: running, holding nothing.
    pub fn started(pid: i32, ppid: i32, name: &str, script: &str, daemon: bool, t_ns: u64) -> Proc {
        Proc {
            pid,
            ppid,
            name: name.to_string(),
            script: script.to_string(),
            daemon,
            state: ProcState::Running,
            line: None,
            code_ended: false,
            signalled: false,
            gated: false,
            gate_history: Vec::new(),
            holds: Vec::new(),
            waiting: None,
            timed_wait: false,
            exitcode: None,
            kernel: None,
            history: vec![(t_ns, ProcState::Running)],
            started_t_ns: t_ns,
            ended_t_ns: None,
            last_got: None,
            internal_error: None,
            uncaught: None,
            variables: Default::default(),
        }
    }

    pub(super) fn set_state(&mut self, t_ns: u64, state: ProcState) {
        if self.state != state {
            self.history.push((t_ns, state.clone()));
            self.state = state;
        }
    }

    /// It waits at its gate from `t_ns`; true when it was not waiting there before.
    pub(super) fn reach_gate(&mut self, t_ns: u64) -> bool {
        let came = !self.gated;
        if came {
            self.gated = true;
            self.gate_history.push((t_ns, true));
        }
        came
    }

    /// It went on from its gate (any progress but a kernel sample says so); true when it was
    /// waiting there.
    pub(super) fn leave_gate(&mut self, t_ns: u64) -> bool {
        let left = self.gated;
        if left {
            self.gated = false;
            self.gate_history.push((t_ns, false));
        }
        left
    }

    /// What the front ends show of it now.
    pub fn phase(&self) -> Phase {
        Phase::of(&self.state, self.gated)
    }

    /// Each phase it entered, with the time it did: its states with the stretches it was held
    /// at its gate, for the timeline and the details line.
    pub fn phases(&self) -> Vec<(u64, Phase)> {
        let (mut states, mut gates) = (self.history.iter().peekable(), self.gate_history.iter().peekable());
        let (mut state, mut held) = (None, false);
        let mut out: Vec<(u64, Phase)> = Vec::new();
        loop {
            let t = match (states.peek(), gates.peek()) {
                (Some(&&(ts, _)), Some(&&(tg, _))) => ts.min(tg),
                (Some(&&(ts, _)), None) => ts,
                (None, Some(&&(tg, _))) => tg,
                (None, None) => break,
            };
            while let Some((_, s)) = states.next_if(|(ts, _)| *ts == t) {
                state = Some(s);
            }
            while let Some(&(_, h)) = gates.next_if(|(tg, _)| *tg == t) {
                held = h;
            }
            let Some(state) = state else { continue };
            let phase = Phase::of(state, held);
            // Changes at one instant make one entry; a phase that goes on makes none.
            if out.last().is_some_and(|last| last.0 == t) {
                out.pop();
            }
            if out.last().is_none_or(|last| last.1 != phase) {
                out.push((t, phase));
            }
        }
        out
    }

    /// Back to running after a wait, a sleep or a step, unless its code already ended.
    pub(super) fn resume(&mut self, t_ns: u64) {
        if self.state.is_alive() {
            self.waiting = None;
            self.set_state(t_ns, ProcState::Running);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child() -> Proc {
        Proc::started(2, 1, "Process-1", "task", false, 10)
    }

    #[test]
    fn stretches_held_at_the_gate_split_the_running_history() {
        let mut p = child();
        p.reach_gate(20);
        p.leave_gate(30);
        p.set_state(30, ProcState::Sleeping { ms: 5 });
        p.set_state(40, ProcState::Running);
        p.reach_gate(40);
        assert_eq!(p.phases(), [(10, Phase::Running), (20, Phase::Held), (30, Phase::Sleeping), (40, Phase::Held)]);
        assert_eq!(p.phase(), Phase::Held);
        p.leave_gate(50);
        p.set_state(50, ProcState::Exited { code: 2 });
        assert_eq!(p.phases().last(), Some(&(50, Phase::Failed)));
    }
}
