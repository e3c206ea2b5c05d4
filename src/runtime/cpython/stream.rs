//! The watched program's events as a run's events: the probe's JSON lines read off the FIFO
//! and numbered in arrival order (each line is one atomic write, made where the reported state
//! became true, so arrival order is the real order), the kernel's view of every live process
//! sampled in between, the main process's end, and the run's outcome. Lines the probe wrote
//! that forkbook cannot read are counted and said at the end, never guessed at.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::os::fd::AsFd;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::event::{Event, EventKind, FORMAT_VERSION, LimitHit, LimitKind, RunOutcome};

use super::super::proc_sample;
use super::super::schedule::Controller;
use super::super::sys;
use super::gates::CpythonGates;

/// How often the live processes' kernel states are read.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// One line of the probe: an event without its seq.
#[derive(Deserialize)]
struct ProbeLine {
    pid: i32,
    t_ns: u64,
    #[serde(flatten)]
    kind: EventKind,
}

/// What the reader shares with the run's owner.
pub struct Shared {
    pub stop: Arc<Mutex<Option<RunOutcome>>>,
    pub over: Arc<AtomicBool>,
    pub gates: CpythonGates,
    /// A schedule's controller, following every event as a lesson run's does.
    pub controller: Option<Controller>,
}

/// The reading side of one watched run.
pub struct Reader {
    fifo: File,
    child: Child,
    name: String,
    t0: u64,
    max_time: Duration,
    stop: Arc<Mutex<Option<RunOutcome>>>,
    over: Arc<AtomicBool>,
    gates: CpythonGates,
    controller: Option<Controller>,
    seq: u64,
    /// Live processes and the kernel state last reported for each.
    live: BTreeMap<i32, Option<(char, String)>>,
    /// Bytes of a line not yet ended.
    partial: Vec<u8>,
    /// Lines that were not events forkbook knows.
    unreadable: usize,
    /// The helper processes multiprocessing started for itself (the resource tracker, the
    /// fork server): they end on their own just after the main process.
    helpers: Vec<i32>,
}

/// How long the run waits, after the main process ended, for its helpers to end too.
const HELPERS_END_WITHIN: Duration = Duration::from_secs(1);

impl Reader {
    pub fn new(fifo: File, child: Child, name: String, t0: u64, max_time: Duration, shared: Shared) -> Reader {
        Reader {
            fifo,
            child,
            name,
            t0,
            max_time,
            stop: shared.stop,
            over: shared.over,
            gates: shared.gates,
            controller: shared.controller,
            seq: 0,
            live: BTreeMap::new(),
            partial: Vec::new(),
            unreadable: 0,
            helpers: Vec::new(),
        }
    }

    fn now_ns(&self) -> u64 {
        sys::monotonic_ns().saturating_sub(self.t0)
    }

    fn event(&mut self, pid: i32, t_ns: u64, mut kind: EventKind) -> Event {
        self.seq += 1;
        if let Ok(mut gates) = self.gates.gates.lock() {
            match &mut kind {
                EventKind::Started { slot, .. } => {
                    *slot = gates.slots.len() as u32;
                    gates.slots.push(pid);
                }
                EventKind::Gated => {
                    gates.waiting.insert(pid);
                }
                EventKind::Kernel { .. } => {}
                _ => {
                    gates.waiting.remove(&pid);
                }
            }
        }
        match &kind {
            EventKind::Started { name, .. } => {
                self.live.insert(pid, None);
                if name == "ResourceTracker" || name == "ForkServer" {
                    self.helpers.push(pid);
                }
            }
            EventKind::Reaped { child, .. } => {
                self.live.remove(child);
            }
            _ => {}
        }
        let ev = Event { seq: self.seq, sub: 0, t_ns, pid, kind };
        if let Some(controller) = self.controller.as_mut() {
            controller.on_event(&ev, &self.gates);
        }
        if matches!(ev.kind, EventKind::Gated) {
            self.gates.gated(pid);
        }
        ev
    }

    /// Reads until the main process ended and every process of the program closed the FIFO
    /// (or the time limit, or the front end, stopped it), handing on each event; `send`
    /// returning false ends it early.
    pub fn run(mut self, mut send: impl FnMut(Event) -> bool) {
        let me = std::process::id() as i32;
        let main = self.child.id() as i32;
        let started = [
            (me, EventKind::RunStarted { version: FORMAT_VERSION, lesson: self.name.clone(), runner: me, seed: 0 }),
            (
                main,
                EventKind::Started {
                    name: "MainProcess".into(),
                    ppid: me,
                    script: "main".into(),
                    daemon: false,
                    slot: 0,
                },
            ),
        ];
        for (pid, kind) in started {
            let ev = self.event(pid, self.now_ns(), kind);
            if !send(ev) {
                return;
            }
        }
        let deadline = Instant::now() + self.max_time;
        let mut main_code = None;
        let mut next_sample = Instant::now();
        let mut limit = None;
        let mut main_gone = None;
        loop {
            let _ = sys::poll_slice(&[self.fifo.as_fd()], Some(Duration::from_millis(20)));
            let (events, closed) = self.drain();
            for ev in events {
                if !send(ev) {
                    return;
                }
            }
            if main_code.is_none() {
                main_code = super::exited(&mut self.child);
            }
            // A front end that also runs lessons is a subreaper: the program's processes
            // orphaned by their parent's end come to it, and it reaps them, as the runner
            // reaps a lesson's orphans.
            for (pid, code) in reap_orphans(main) {
                if pid == main {
                    main_code.get_or_insert(code);
                } else if self.live.contains_key(&pid) {
                    let ev = self.event(me, self.now_ns(), EventKind::Reaped { child: pid, exitcode: code });
                    if !send(ev) {
                        return;
                    }
                }
            }
            if Instant::now() >= next_sample {
                next_sample += SAMPLE_EVERY;
                for ev in self.samples() {
                    if !send(ev) {
                        return;
                    }
                }
            }
            if main_code.is_some() && closed {
                // A helper still there is seen to end (it does, once the main process is
                // gone), rather than left shown as running.
                let since = *main_gone.get_or_insert_with(Instant::now);
                let helper_left = self.helpers.iter().any(|p| self.live.contains_key(p));
                if !helper_left || since.elapsed() >= HELPERS_END_WITHIN {
                    break;
                }
            }
            if closed {
                // Nobody has the FIFO open (not yet, or no more): wait, do not spin.
                std::thread::sleep(Duration::from_millis(10));
            }
            if limit.is_none() && Instant::now() >= deadline {
                limit =
                    Some(RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: self.max_time.as_secs_f64() }));
                super::kill_group(main);
            }
        }
        let code = main_code.unwrap_or(-9);
        let reaped = self.event(me, self.now_ns(), EventKind::Reaped { child: main, exitcode: code });
        let outcome = self.stop.lock().ok().and_then(|mut s| s.take()).or(limit).unwrap_or(RunOutcome::Finished);
        let outcome = match outcome {
            RunOutcome::Finished if self.unreadable > 0 => RunOutcome::Failed {
                message: format!("{} line(s) of the probe were not events forkbook knows", self.unreadable),
            },
            other => other,
        };
        let ended = self.event(me, self.now_ns(), EventKind::RunEnded { outcome });
        let _ = send(reaped) && send(ended);
        self.over.store(true, Ordering::SeqCst);
    }

    /// Every whole line that arrived, as events; and whether the FIFO has no writer now.
    fn drain(&mut self) -> (Vec<Event>, bool) {
        let mut buf = [0u8; 65536];
        let mut closed = false;
        loop {
            match self.fifo.read(&mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(n) => self.partial.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        let mut events = Vec::new();
        while let Some(end) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            match serde_json::from_slice::<ProbeLine>(&line[..line.len() - 1]) {
                // A forked child's `started` comes from it and from its parent: the first counts.
                Ok(p) if matches!(p.kind, EventKind::Started { .. }) && self.live.contains_key(&p.pid) => {}
                Ok(p) => {
                    let ev = self.event(p.pid, p.t_ns, p.kind);
                    events.push(ev);
                }
                Err(_) => self.unreadable += 1,
            }
        }
        (events, closed)
    }

    /// A `Kernel` event for each live process whose state changed since it was last read.
    fn samples(&mut self) -> Vec<Event> {
        let pids: Vec<i32> = self.live.keys().copied().collect();
        let mut events = Vec::new();
        for pid in pids {
            let now = proc_sample::sample(pid);
            let Some(now) = now else {
                self.live.remove(&pid);
                continue;
            };
            if self.live.get(&pid) != Some(&Some(now.clone())) {
                self.live.insert(pid, Some(now.clone()));
                let (state, wchan) = now;
                let ev = self.event(pid, self.now_ns(), EventKind::Kernel { state, wchan });
                events.push(ev);
            }
        }
        events
    }
}

/// Every ended child of this process in the program's process group (led by `main`), reaped:
/// its pid and exit code as Python gives it (negative for a signal).
fn reap_orphans(main: i32) -> Vec<(i32, i32)> {
    use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
    let mut reaped = Vec::new();
    loop {
        match waitpid(nix::unistd::Pid::from_raw(-main), Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::Exited(pid, code)) => reaped.push((pid.as_raw(), code)),
            Ok(WaitStatus::Signaled(pid, sig, _)) => reaped.push((pid.as_raw(), -(sig as i32))),
            Ok(WaitStatus::StillAlive) | Err(_) => return reaped,
            Ok(_) => {}
        }
    }
}
