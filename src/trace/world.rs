//! `World`: what the run looks like after the events so far, as a pure fold (no I/O, no
//! clock). Feed it every event in `seq` order with `apply`; the TUI, the headless runner,
//! replays and tests all read the same `World`. Processes keep their order of `Started`,
//! objects their order of `Created` (a file's: its first `FileChanged`); when a name is
//! created twice, the later object wins.

use std::collections::BTreeMap;

use crate::event::{Audit, Event, EventKind, ObjectKind, RunOutcome, WaitOp};
use crate::value::Value;

use super::objects::{Obj, ObjState, take_front};
pub use super::process::{Kernel, Proc, ProcState};

/// One line of the lesson's output: a print, or an uncaught exception (`is_error`). `seq`,
/// `t_ns`, `pid` and `name` are its first writer's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputLine {
    pub seq: u64,
    pub t_ns: u64,
    pub pid: i32,
    pub name: String,
    pub text: String,
    pub is_error: bool,
    /// Not ended yet (a `PrintedPart`): the next print goes on on this line, as on a terminal.
    pub open: bool,
}

/// The fold of a run's events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct World {
    /// The lesson id, from `RunStarted`.
    pub lesson: String,
    pub runner_pid: Option<i32>,
    pub processes: Vec<Proc>,
    pub objects: Vec<Obj>,
    pub output: Vec<OutputLine>,
    /// The real objects' states at the end, by object name.
    pub audits: BTreeMap<String, Audit>,
    /// Events that contradict the fold (e.g. a queue handing out an item out of order).
    pub anomalies: Vec<String>,
    /// Ranges of seqs that never arrived.
    pub lost: Vec<(u64, u64)>,
    pub ended: Option<RunOutcome>,
    /// `t_ns` of the last event applied.
    pub now_ns: u64,
    /// Number of events applied.
    pub events: u64,
    /// How many processes wait at their gate now: while none does (a run going freely), an
    /// event's process is not looked up to take it off its gate.
    gated: usize,
}

impl World {
    /// A world with `events` applied in order.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> World {
        let mut world = World::default();
        for ev in events {
            world.apply(ev);
        }
        world
    }

    /// The process with this pid (the latest, should a pid be reused).
    pub fn proc_by_pid(&self, pid: i32) -> Option<&Proc> {
        self.processes.iter().rev().find(|p| p.pid == pid)
    }

    /// The process with this Python name.
    pub fn proc_by_name(&self, name: &str) -> Option<&Proc> {
        self.processes.iter().rev().find(|p| p.name == name)
    }

    /// The name to show for a pid: a process's name, `runner`, or the pid itself.
    pub fn name_of(&self, pid: i32) -> String {
        match self.proc_by_pid(pid) {
            Some(p) => p.name.clone(),
            None if self.runner_pid == Some(pid) => "runner".to_string(),
            None => pid.to_string(),
        }
    }

    /// Pids of processes that were not reaped yet (zombies included).
    pub fn live_pids(&self) -> Vec<i32> {
        self.processes.iter().filter(|p| !p.state.is_gone()).map(|p| p.pid).collect()
    }

    /// The object with this name (the latest created under it).
    pub fn object(&self, name: &str) -> Option<&Obj> {
        self.objects.iter().rev().find(|o| o.name == name)
    }

    fn proc_mut(&mut self, pid: i32) -> Option<&mut Proc> {
        self.processes.iter_mut().rev().find(|p| p.pid == pid)
    }

    fn object_mut(&mut self, name: &str) -> Option<&mut Obj> {
        self.objects.iter_mut().rev().find(|o| o.name == name)
    }

    fn note(&mut self, note: Option<String>) {
        self.anomalies.extend(note);
    }

    /// Runs `f` on the named object, or notes that it does not exist.
    fn with_object<T>(&mut self, name: &str, f: impl FnOnce(&mut Obj) -> T) -> Option<T> {
        match self.object_mut(name) {
            Some(obj) => Some(f(obj)),
            None => {
                self.anomalies.push(format!("unknown object '{name}'"));
                None
            }
        }
    }

    /// `pid` got what it waited for on `object` (or gave up): off the waiter list, running.
    fn done_waiting(&mut self, pid: i32, object: &str, t_ns: u64) {
        if let Some(obj) = self.object_mut(object) {
            obj.remove_waiter(pid);
        }
        // A wait on another object goes on: under CPython a queue's feeder thread reports its
        // `put` in the lane of a process that is meanwhile blocked in a join, say.
        if let Some(p) = self.proc_mut(pid)
            && p.waiting.as_ref().is_none_or(|(waited, _)| waited == object)
        {
            p.resume(t_ns);
        }
    }

    /// A dead process waits on nothing.
    fn forget_waiter(&mut self, pid: i32) {
        for obj in &mut self.objects {
            obj.remove_waiter(pid);
        }
        if let Some(p) = self.proc_mut(pid) {
            p.waiting = None;
        }
    }

    fn set_state(&mut self, pid: i32, t_ns: u64, state: ProcState) {
        if let Some(p) = self.proc_mut(pid) {
            p.set_state(t_ns, state);
        }
    }

    /// Folds one event in.
    pub fn apply(&mut self, ev: &Event) {
        let (pid, t) = (ev.pid, ev.t_ns);
        self.now_ns = t;
        self.events += 1;
        if self.gated > 0
            && !matches!(ev.kind, EventKind::Gated | EventKind::Kernel { .. })
            && let Some(p) = self.proc_mut(pid)
            && p.leave_gate(t)
        {
            self.gated -= 1;
        }
        match &ev.kind {
            EventKind::RunStarted { lesson, runner, .. } => {
                self.lesson = lesson.clone();
                self.runner_pid = Some(*runner);
            }
            EventKind::Started { name, ppid, script, daemon, .. } => {
                self.processes.push(Proc::started(pid, *ppid, name, script, *daemon, t));
                self.inherit_pipe_ends(*ppid, pid);
            }
            EventKind::Created { object, object_kind, value, capacity, py_line, manager } => {
                let mut obj = Obj::new(object, *object_kind, *value, *capacity, *py_line);
                obj.manager = manager.clone();
                self.objects.push(obj);
                if *object_kind == ObjectKind::Pipe {
                    // The runtime names a pipe's ends after it: `pipe[0]` and `pipe[1]`.
                    let ends = [format!("{object}[0]"), format!("{object}[1]")];
                    self.with_object(object, |o| {
                        if let ObjState::Pipe { holders, .. } = &mut o.state {
                            holders.extend(ends.map(|end| (end, vec![pid])));
                        }
                    });
                }
            }
            EventKind::Closed { object, end } => {
                self.with_object(object, |o| {
                    if let ObjState::Pipe { holders, .. } = &mut o.state
                        && let Some(pids) = holders.get_mut(end)
                    {
                        pids.retain(|&p| p != pid);
                    }
                });
            }
            EventKind::Variables { frame, set, gone } => {
                if let Some(p) = self.proc_mut(pid) {
                    p.variables.apply(frame, set, gone);
                }
            }
            EventKind::AtStep { line } => {
                if let Some(p) = self.proc_mut(pid) {
                    p.line = Some(*line);
                    p.variables.stepped();
                    p.resume(t);
                }
            }
            EventKind::CodeEnded => {
                if let Some(p) = self.proc_mut(pid) {
                    p.code_ended = true;
                    p.line = None;
                    p.ended_t_ns = Some(t);
                }
            }
            EventKind::Gated => {
                if let Some(p) = self.proc_mut(pid)
                    && p.reach_gate(t)
                {
                    self.gated += 1;
                }
            }
            EventKind::Waiting { object, op, timed } => {
                // One wait at a time: a process whose feeder waited for room in a pipe before
                // it blocked waits on this now.
                let before = self.proc_by_pid(pid).and_then(|p| p.waiting.clone());
                if let Some((waited, _)) = before.filter(|(waited, _)| waited != object)
                    && let Some(obj) = self.object_mut(&waited)
                {
                    obj.remove_waiter(pid);
                }
                if !matches!(op, WaitOp::Join | WaitOp::Serve) {
                    self.with_object(object, |o| o.add_waiter(pid, *op));
                }
                if let Some(p) = self.proc_mut(pid) {
                    p.waiting = Some((object.clone(), *op));
                    p.timed_wait = *timed;
                    p.set_state(t, ProcState::Blocked { object: object.clone(), op: *op });
                }
            }
            EventKind::GaveUp { object, .. } | EventKind::QueueJoined { object } | EventKind::EventWoke { object } => {
                self.done_waiting(pid, object, t)
            }
            EventKind::Acquired { object } => {
                // `done_waiting`, the acquire and the holder, with one look-up of each.
                let (note, is_lock) = match self.object_mut(object) {
                    Some(o) => {
                        o.remove_waiter(pid);
                        (o.acquired(pid), matches!(o.state, ObjState::Lock { .. }))
                    }
                    None => (Some(format!("unknown object '{object}'")), false),
                };
                self.note(note);
                if let Some(p) = self.proc_mut(pid) {
                    if p.waiting.as_ref().is_none_or(|(waited, _)| waited == object) {
                        p.resume(t);
                    }
                    if !(is_lock && p.holds.contains(object)) {
                        p.holds.push(object.clone());
                    }
                }
            }
            EventKind::Released { object } => {
                let (former, note) = self.with_object(object, |o| o.released(pid)).unwrap_or((None, None));
                self.note(note);
                if let Some(p) = former.and_then(|f| self.proc_mut(f))
                    && let Some(i) = p.holds.iter().position(|h| h == object)
                {
                    p.holds.remove(i);
                }
            }
            EventKind::Fed { object, item } => {
                self.done_waiting(pid, object, t);
                self.with_object(object, |o| {
                    if let ObjState::Queue { feeding, unfinished, .. } = &mut o.state {
                        feeding.push_back((pid, item.clone()));
                        if let Some(n) = unfinished {
                            *n += 1;
                        }
                    }
                });
            }
            EventKind::Put { object, item } => {
                let by_feeder = self.object(object).is_some_and(
                    |o| matches!(&o.state, ObjState::Queue { feeding, .. } if feeding.iter().any(|(p, _)| *p == pid)),
                );
                // The feeder writes while its process may wait on the very queue (a `get()`).
                if !by_feeder {
                    self.done_waiting(pid, object, t);
                }
                let note = self
                    .with_object(object, |o| {
                        let ObjState::Queue { items, feeding, unfinished, fed_last, .. } = &mut o.state else {
                            return None;
                        };
                        items.push_back(item.clone());
                        // The feeder writes what `put()` gave it, in order; a `Put` with no
                        // `Fed` before it was written by `put()` itself.
                        *fed_last = false;
                        let wrong = match feeding.iter().position(|(p, _)| *p == pid) {
                            Some(i) if feeding[i].1 == *item => {
                                feeding.remove(i);
                                *fed_last = true;
                                None
                            }
                            Some(i) => Some(format!(
                                "the feeder of {pid} wrote {} but held {} first",
                                item.repr(),
                                feeding[i].1.repr()
                            )),
                            None => {
                                if let Some(n) = unfinished {
                                    *n += 1;
                                }
                                None
                            }
                        };
                        wrong.map(|wrong| format!("{}: {wrong}", o.label()))
                    })
                    .flatten();
                self.note(note);
            }
            EventKind::Got { object, item } => {
                self.done_waiting(pid, object, t);
                if let Some(p) = self.proc_mut(pid) {
                    p.last_got = Some(item.clone());
                }
                let note = self
                    .with_object(object, |o| {
                        // The label is made only for a note: this runs at every get.
                        let wrong = match &mut o.state {
                            ObjState::Queue { items, .. } => take_front(items, item).map(|w| ("mismatch: ", w)),
                            _ => Some(("", "got from, but it is not a queue".to_string())),
                        };
                        wrong.map(|(head, wrong)| format!("{head}{}: {wrong}", o.label()))
                    })
                    .flatten();
                self.note(note);
            }
            EventKind::TaskDone { object } => {
                let note = self
                    .with_object(object, |o| {
                        let wrong = match &mut o.state {
                            ObjState::Queue { unfinished: Some(n), .. } => {
                                *n -= 1;
                                (*n < 0).then_some("task_done() called too many times")
                            }
                            _ => Some("task_done(), but it is not a JoinableQueue"),
                        };
                        wrong.map(|wrong| format!("{}: {wrong}", o.label()))
                    })
                    .flatten();
                self.note(note);
            }
            EventKind::EventSet { object } | EventKind::EventCleared { object } => {
                let now_set = matches!(ev.kind, EventKind::EventSet { .. });
                self.with_object(object, |o| {
                    if let ObjState::Event { set, .. } = &mut o.state {
                        *set = now_set;
                    }
                });
            }
            EventKind::Sent { object, end, item } => {
                self.with_object(object, |o| {
                    if let ObjState::Pipe { outbox, .. } = &mut o.state {
                        outbox.entry(end.clone()).or_default().push_back(item.clone());
                    }
                });
            }
            EventKind::Received { object, end, item } => {
                self.done_waiting(pid, object, t);
                let note = self
                    .with_object(object, |o| {
                        let label = |o: &Obj| format!("{} end '{end}'", o.label());
                        let ObjState::Pipe { outbox, .. } = &mut o.state else {
                            return Some(format!("{}: received from, but it is not a pipe", label(o)));
                        };
                        let other = outbox.iter_mut().find(|(from, q)| from.as_str() != end.as_str() && !q.is_empty());
                        let wrong = match other {
                            Some((_, queue)) => take_front(queue, item),
                            None => Some(format!("received {} but nothing was sent", item.repr())),
                        };
                        wrong.map(|wrong| format!("mismatch: {}: {wrong}", label(o)))
                    })
                    .flatten();
                self.note(note);
            }
            EventKind::Signalled { target, .. } => {
                if let Some(p) = self.proc_mut(*target) {
                    p.signalled = true;
                }
            }
            EventKind::ValueRead { .. } | EventKind::Served { .. } | EventKind::Notified { .. } => {}
            EventKind::ValueWritten { object, index, value: new } => {
                self.with_object(object, |o| match (&mut o.state, index) {
                    (ObjState::Value { value: Value::List(items) }, Some(i)) => {
                        if let Some(item) = items.get_mut(*i as usize) {
                            *item = new.clone();
                        }
                    }
                    (ObjState::Value { value }, _) => *value = new.clone(),
                    (ObjState::Other { class }, _) => *class = new.to_string(),
                    _ => {}
                });
            }
            EventKind::FileChanged { object, content, cut } => {
                if !self.object(object).is_some_and(|o| o.kind == ObjectKind::File) {
                    self.objects.push(Obj::new(object, ObjectKind::File, 0, 0, 0));
                }
                self.with_object(object, |o| o.state = ObjState::File { content: content.clone(), cut: *cut });
            }
            EventKind::Printed { text } => self.output_line(ev, text, false, false),
            EventKind::PrintedPart { text } => self.output_line(ev, text, false, true),
            EventKind::Sleeping { ms } => self.set_state(pid, t, ProcState::Sleeping { ms: *ms }),
            EventKind::Raised { error, message, caught: false, .. } => {
                let name = self.name_of(pid);
                let is_main = self.proc_by_pid(pid).is_some_and(|p| self.proc_by_pid(p.ppid).is_none());
                let what = super::describe::error_line(error, message);
                let text = if is_main { what } else { format!("Process {name}: {what}") };
                self.output_line(ev, &text, true, false);
                if let Some(p) = self.proc_mut(pid) {
                    p.uncaught = Some(error.clone());
                }
            }
            EventKind::Raised { .. } => {}
            EventKind::Exiting { code } => {
                if let Some(p) = self.proc_mut(pid) {
                    p.waiting = None;
                    p.ended_t_ns.get_or_insert(t);
                    p.set_state(t, ProcState::Zombie { code: Some(*code) });
                }
                self.close_pipe_ends(pid);
                self.drop_feeders(pid);
            }
            EventKind::InternalError { message, .. } => {
                if let Some(p) = self.proc_mut(pid) {
                    p.internal_error.get_or_insert_with(|| message.clone());
                }
            }
            EventKind::Reaped { child, exitcode } => self.reaped(pid, *child, *exitcode, t),
            EventKind::Kernel { state, wchan } => {
                let mut died = false;
                if let Some(p) = self.proc_mut(pid) {
                    p.kernel = Some(Kernel { state: *state, wchan: wchan.clone() });
                    if *state == 'Z' && p.state.is_alive() {
                        p.ended_t_ns.get_or_insert(t);
                        p.set_state(t, ProcState::Zombie { code: None });
                        died = true;
                    }
                }
                if died {
                    self.forget_waiter(pid);
                }
            }
            EventKind::Audited { object, audit } => {
                self.audits.insert(object.to_string(), audit.clone());
            }
            EventKind::Lost { from, to } => self.lost.push((*from, *to)),
            EventKind::RunEnded { outcome } => {
                if *outcome != RunOutcome::Finished {
                    self.killed_with_lesson(ev.t_ns);
                }
                self.ended = Some(outcome.clone());
            }
        }
    }

    /// Adds printed text (`open`: its line is not ended) or an error to the output. Text
    /// printed after an open line goes on on that line, whoever prints it; an error (stderr)
    /// starts its own.
    fn output_line(&mut self, ev: &Event, text: &str, is_error: bool, open: bool) {
        if let Some(last) = self.output.last_mut().filter(|last| last.open) {
            if !is_error {
                last.text.push_str(text);
                last.open = open;
                return;
            }
            last.open = false;
        }
        let name = self.name_of(ev.pid);
        let text = text.to_string();
        self.output.push(OutputLine { seq: ev.seq, t_ns: ev.t_ns, pid: ev.pid, name, text, is_error, open });
    }

    /// `reaper` reaped `child`: the child is gone, and a reaper joining it runs again.
    /// A forked child has a copy of every pipe end its parent had open.
    fn inherit_pipe_ends(&mut self, parent: i32, child: i32) {
        for o in &mut self.objects {
            if let ObjState::Pipe { holders, .. } = &mut o.state {
                for pids in holders.values_mut().filter(|pids| pids.contains(&parent)) {
                    pids.push(child);
                }
            }
        }
    }

    /// A process that ended has no pipe end open any more.
    fn close_pipe_ends(&mut self, pid: i32) {
        for o in &mut self.objects {
            if let ObjState::Pipe { holders, .. } = &mut o.state {
                for pids in holders.values_mut() {
                    pids.retain(|&p| p != pid);
                }
            }
        }
    }

    /// A process that ended or was killed wrote what its feeders held before its `Exiting`;
    /// what is left (a process killed, or `cancel_join_thread()`) never reaches the pipe.
    fn drop_feeders(&mut self, pid: i32) {
        for o in &mut self.objects {
            if let ObjState::Queue { feeding, .. } = &mut o.state {
                feeding.retain(|(p, _)| *p != pid);
            }
        }
    }

    fn reaped(&mut self, reaper: i32, child: i32, exitcode: i32, t: u64) {
        self.forget_waiter(child);
        self.close_pipe_ends(child);
        self.drop_feeders(child);
        let mut child_name = None;
        if let Some(p) = self.proc_mut(child) {
            p.exitcode = Some(exitcode);
            p.ended_t_ns.get_or_insert(t);
            let state = if exitcode >= 0 {
                ProcState::Exited { code: exitcode }
            } else {
                ProcState::Killed { signal: -exitcode }
            };
            p.set_state(t, state);
            child_name = Some(p.name.clone());
        }
        if let Some(p) = self.proc_mut(reaper)
            && matches!(&p.waiting, Some((object, WaitOp::Join)) if child_name.as_deref() == Some(object.as_str()))
        {
            p.resume(t);
        }
    }

    /// A stopped run ends with SIGKILL to the whole lesson group; a process whose reaping was
    /// not reported (its parent reaped it and died before telling) died that way too.
    fn killed_with_lesson(&mut self, t: u64) {
        let unreaped: Vec<i32> =
            self.processes.iter().filter(|p| p.exitcode.is_none() || !p.state.is_gone()).map(|p| p.pid).collect();
        for pid in unreaped {
            let ppid = self.proc_by_pid(pid).map_or(0, |p| p.ppid);
            self.reaped(ppid, pid, -libc::SIGKILL, t);
        }
    }

    /// The lines printed (not errors) whose text is exactly `text`.
    pub fn printed_count(&self, text: &str) -> usize {
        self.output.iter().filter(|l| !l.is_error && l.text == text).count()
    }

    /// Items currently in a queue, front first.
    pub fn queue_items(&self, name: &str) -> Option<Vec<Value>> {
        match &self.object(name)?.state {
            ObjState::Queue { items, .. } => Some(items.iter().cloned().collect()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
