//! The viewer's side of a run: starts the runner, has every process's event ring copied out
//! on a thread of its own (`copier.rs`; the lesson waits for a slow front end only once the
//! copies waiting and its ring are full), puts events back in `seq` order on a thread below
//! the lesson's priority, drives a schedule, samples
//! /proc for each live process while something moves, enforces the limits, and on drop stops
//! and reaps everything and removes the run directory.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::crash;
use super::proc_sample;
use super::region::{MAX_PROCS, Region};
use super::schedule::Controller;
use super::{RUN_FILE, RunFile, Settings, fds, gate, runner, runner_watch, sys};
use crate::event::{Event, EventKind, LimitHit, LimitKind, RunOutcome};
use crate::lesson::Lesson;

mod copier;
mod reorder;
use copier::{Copier, Pass};
use reorder::Reorder;

/// Events the front end may leave unread before the reader waits for it, and with it (once
/// their rings fill) the lesson: memory stays flat on long runs.
const CHANNEL_BOUND: usize = 16 * 1024;
/// The reader hands events over in batches of at most this many (one channel operation and
/// at most one wake-up per batch, not per event).
const BATCH: usize = 256;
/// Passes the copier may send ahead of the reader (their words are bounded apart, by
/// `copier::MAX_WAITING_WORDS`).
const PASSES_BOUND: usize = 4096;
/// How much lower than the lesson's processes the reader runs (nice levels).
const READER_NICE: i32 = 10;
/// How often live processes' kernel state is sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// How often they are sampled while nothing moves.
const SAMPLE_QUIET: Duration = Duration::from_secs(1);

/// A running lesson. Dropping it stops the lesson and leaves nothing behind.
#[must_use = "dropping a Run stops the lesson"]
pub struct Run {
    runner: std::process::Child,
    region: Arc<Region>,
    control: Arc<OwnedFd>,
    events: Option<Receiver<Vec<Event>>>,
    /// The rest of the batch `next_event` is handing out.
    batch: RefCell<VecDeque<Event>>,
    /// Batches handed out, empty, going back to the reader to be filled again: their memory
    /// is allocated once, not by one thread and freed by another at every batch.
    spent: SyncSender<Vec<Event>>,
    reader: Option<JoinHandle<()>>,
    copier: Option<JoinHandle<()>>,
    run_dir: PathBuf,
    outcome: Arc<Mutex<Option<RunOutcome>>>,
    done: Arc<AtomicBool>,
    /// Set when the Run is dropped: the reader stops waiting for a front end that is gone.
    dropped: Arc<AtomicBool>,
    /// Set by the student's actions (kill, pause, grant…): something may change without an
    /// event, so the reader samples /proc again.
    nudge: Arc<AtomicBool>,
}

/// Starts a run of `lesson`. The calling thread, which folds the run's events, is made
/// `SCHED_BATCH` like the viewer's own threads (`sys::batch_thread`).
pub fn start(lesson: &Lesson, settings: Settings) -> Result<Run> {
    sys::become_subreaper().context("becoming a subreaper")?;
    sweep_stale_run_dirs();
    let run_dir = make_run_dir()?;
    let run_file = RunFile {
        lesson_name: lesson.source_name.clone(),
        lesson_source: lesson.source.clone(),
        python: lesson.python.clone(),
        knobs: settings.knobs.clone(),
        seed: settings.seed,
        args: settings.args.clone(),
        options: settings.options,
    };
    std::fs::write(run_dir.join(RUN_FILE), serde_json::to_vec(&run_file)?).context("writing the run file")?;

    let region = Arc::new(Region::create(settings.speed, settings.max_procs)?);
    let held = settings.start_paused || settings.schedule.is_some();
    region.header().default_hold.store(u32::from(held), Ordering::SeqCst);
    let (control_r, control_w) = sys::pipe()?;
    // Nothing is written to this pipe: every lesson process inherits its write end, so its
    // end of file tells the reader that every writer is gone and the rings are final.
    let (events_r, events_w) = sys::pipe()?;

    let exe = match &settings.exe {
        Some(p) => p.clone(),
        None => std::env::current_exe().context("finding the forkbook binary")?,
    };
    let log = std::fs::File::create(run_dir.join("runner.log")).context("creating the runner log")?;
    let mut cmd = Command::new(exe);
    cmd.arg0("forkbook-runner")
        .arg(runner::ROLE_ARG)
        .arg(&run_dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    let wiring =
        [(control_r.as_raw_fd(), fds::CONTROL), (events_w.as_raw_fd(), fds::EVENTS), (region.raw_fd(), fds::REGION)];
    let viewer = std::process::id() as i32;
    // SAFETY of the hook (checked in sys): only dup2/fcntl/setpgid/prctl, all async-signal-safe.
    let hook = move || {
        sys::install_fds(&wiring)?;
        sys::own_process_group()?;
        if !sys::die_with_parent(nix::sys::signal::Signal::SIGTERM, viewer)? {
            // The viewer is gone (ESRCH); built without allocating, as the hook must.
            return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
        }
        Ok(())
    };
    let runner = sys::spawn_with_hook(&mut cmd, hook).context("starting the lesson runner")?;
    drop(control_r);
    drop(events_w);

    let (tx, rx) = sync_channel(CHANNEL_BOUND / BATCH);
    let (spent_tx, spent_rx) = sync_channel(CHANNEL_BOUND / BATCH);
    let control = Arc::new(control_w);
    let outcome = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let dropped = Arc::new(AtomicBool::new(false));
    let nudge = Arc::new(AtomicBool::new(false));
    let (passes_tx, passes) = sync_channel(PASSES_BOUND);
    let (spent_words_tx, spent_words) = sync_channel(PASSES_BOUND);
    let shared = Arc::new(copier::Shared::default());
    let copier = Copier {
        pipe: events_r,
        region: region.clone(),
        tx: passes_tx,
        spent: spent_words,
        shared: shared.clone(),
        dropped: dropped.clone(),
        scheduled: settings.schedule.is_some(),
    };
    let copier = std::thread::Builder::new().name("forkbook-rings".into()).spawn(move || copier.run())?;
    let mut reader = Reader {
        dropped: dropped.clone(),
        nudge: nudge.clone(),
        passes,
        spent_words: spent_words_tx,
        shared,
        region: region.clone(),
        control: control.clone(),
        tx,
        spent: spent_rx,
        controller: settings.schedule.as_ref().map(Controller::new),
        outcome: outcome.clone(),
        done: done.clone(),
        settings,
        run_dir: run_dir.clone(),
        runner_pid: runner.id() as i32,
        out: RefCell::new(Vec::with_capacity(BATCH)),
    };
    let reader = std::thread::Builder::new().name("forkbook-events".into()).spawn(move || reader.run())?;
    runner_watch::spawn(runner.id() as i32, region.clone(), outcome.clone(), done.clone());
    // The caller folds the events (the screen, a trace): it waits its turn too.
    sys::batch_thread();
    Ok(Run {
        runner,
        region,
        control,
        events: Some(rx),
        batch: RefCell::new(VecDeque::new()),
        spent: spent_tx,
        reader: Some(reader),
        copier: Some(copier),
        run_dir,
        outcome,
        done,
        dropped,
        nudge,
    })
}

impl Run {
    /// The next event, waiting at most `timeout`; `None` on timeout or after the end.
    pub fn next_event(&self, timeout: Duration) -> Option<Event> {
        let mut batch = self.batch.borrow_mut();
        if let Some(ev) = batch.pop_front() {
            return Some(ev);
        }
        let events = self.events.as_ref()?;
        // While events stream in, a batch is nearly always there: no deadline to compute.
        let next = events.try_recv().ok().or_else(|| events.recv_timeout(timeout).ok())?;
        let spent = std::mem::replace(&mut *batch, next.into());
        if spent.capacity() > 0 {
            // The reader fills it again (or, with enough spares, it is dropped).
            let _ = self.spent.try_send(Vec::from(spent));
        }
        batch.pop_front()
    }

    /// Takes the event stream, for a front end that waits on it from its own thread;
    /// `next_event` returns nothing afterwards. The events come as the reader hands them over,
    /// in batches, after what is left of the batch `next_event` was handing out.
    pub fn take_events(&mut self) -> Option<(Vec<Event>, Receiver<Vec<Event>>)> {
        let batches = self.events.take()?;
        Some((self.batch.get_mut().drain(..).collect(), batches))
    }

    /// Whether every event, including `RunEnded`, has been handed out.
    pub fn is_over(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    /// Holds every process at its next gate (pause / step mode).
    pub fn pause(&self) {
        self.nudge.store(true, Ordering::SeqCst);
        gate::set_hold_all(&self.region, true);
    }

    /// Lets every process run freely.
    pub fn resume(&self) {
        self.nudge.store(true, Ordering::SeqCst);
        gate::set_hold_all(&self.region, false);
    }

    /// Lets the process in `slot` take one step; false when it was not waiting at its gate.
    pub fn grant(&self, slot: u32) -> bool {
        self.nudge.store(true, Ordering::SeqCst);
        gate::grant(&self.region, slot)
    }

    /// Sends SIGKILL to one process of this run (the student's `kill -9`); false when `pid` is
    /// not one of its lesson processes.
    pub fn kill(&self, pid: i32) -> bool {
        let started = self.region.header().next_slot.load(Ordering::SeqCst).min(MAX_PROCS as u32);
        let ours = pid > 0 && (0..started).any(|slot| self.region.gate(slot).pid.load(Ordering::SeqCst) == pid);
        self.nudge.store(true, Ordering::SeqCst);
        ours && nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL).is_ok()
    }

    /// Changes the speed factor (sleeps that already began keep their length).
    pub fn set_speed(&self, speed: f64) {
        self.region.set_speed(speed);
    }

    /// Stops the lesson: every lesson process is killed and reaped by the runner.
    pub fn stop(&self) {
        request_stop(&self.control, &self.outcome, RunOutcome::Stopped);
    }

    /// Stops the lesson like `stop`, but the run ends with `outcome`: the front end's reason
    /// (a deadlock it saw, a stall). An earlier stop or limit keeps its own outcome.
    pub fn stop_because(&self, outcome: RunOutcome) {
        request_stop(&self.control, &self.outcome, outcome);
    }
}

fn request_stop(control: &OwnedFd, outcome: &Mutex<Option<RunOutcome>>, why: RunOutcome) {
    if let Ok(mut o) = outcome.lock() {
        o.get_or_insert(why);
    }
    let _ = sys::write_all(control.as_raw_fd(), b"x");
}

impl Drop for Run {
    fn drop(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            match self.runner.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    let _ = self.runner.kill();
                    let _ = self.runner.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        // Orphans re-parented to us (the runner died first) are killed through their group.
        if let Some(main) = self.region.gate(0).pid.load(Ordering::SeqCst).checked_abs().filter(|p| *p > 0) {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(main), nix::sys::signal::Signal::SIGKILL);
        }
        reap_adopted(&self.region);
        self.dropped.store(true, Ordering::SeqCst);
        for thread in [self.reader.take(), self.copier.take()].into_iter().flatten() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_dir_all(&self.run_dir);
    }
}

/// Reaps lesson processes that were re-parented to the viewer (it is a subreaper).
fn reap_adopted(region: &Region) {
    let started = region.header().next_slot.load(Ordering::SeqCst).min(MAX_PROCS as u32);
    for slot in 0..started {
        let pid = region.gate(slot).pid.load(Ordering::SeqCst);
        if pid > 0 {
            let _ =
                nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(pid), Some(nix::sys::wait::WaitPidFlag::WNOHANG));
        }
    }
}

fn make_run_dir() -> Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("forkbook-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Removes run directories left by viewers that no longer exist.
fn sweep_stale_run_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) =
            name.strip_prefix("forkbook-").and_then(|rest| rest.split('-').next()).and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() as i32 && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Keeps the first internal error the events report (it ends the run as `InternalError`).
fn note_internal(ev: &Event, names: &HashMap<i32, String>, internal: &mut Option<RunOutcome>) {
    if let EventKind::InternalError { message, location } = &ev.kind
        && internal.is_none()
    {
        let process = names.get(&ev.pid).cloned().unwrap_or_else(|| ev.pid.to_string());
        *internal = Some(RunOutcome::InternalError { process, message: message.clone(), location: location.clone() });
    }
}

/// The event-reading thread.
struct Reader {
    /// What the copier copied from the rings, pass by pass.
    passes: Receiver<Pass>,
    /// Copy buffers going back to the copier.
    spent_words: SyncSender<Vec<u64>>,
    shared: Arc<copier::Shared>,
    region: Arc<Region>,
    control: Arc<OwnedFd>,
    tx: SyncSender<Vec<Event>>,
    /// Empty batches back from `next_event`, to fill again.
    spent: Receiver<Vec<Event>>,
    dropped: Arc<AtomicBool>,
    nudge: Arc<AtomicBool>,
    controller: Option<Controller>,
    outcome: Arc<Mutex<Option<RunOutcome>>>,
    done: Arc<AtomicBool>,
    settings: Settings,
    run_dir: PathBuf,
    /// Reaped as soon as the run is over, so a finished run on screen leaves no zombie.
    runner_pid: i32,
    /// Events not handed over yet: a batch, sent when full and at the end of each pass.
    out: RefCell<Vec<Event>>,
}

impl Reader {
    fn run(&mut self) {
        let started = Instant::now();
        let mut reorder = Reorder::default();
        let mut live: HashMap<i32, (char, String)> = HashMap::new();
        // Process names by pid, to name the process of an internal error.
        let mut names: HashMap<i32, String> = HashMap::new();
        let mut internal: Option<RunOutcome> = None;
        let mut last_sample = Instant::now();
        // Whether anything happened since the last /proc sample (or it saw a change): a
        // paused run with nothing moving is sampled once, not every SAMPLE_EVERY.
        let mut moving = true;
        let (mut events, mut lines) = (0u64, 0usize);
        let mut last_t = 0u64;
        // Below the lesson's processes: on a machine they keep busy, the picture lags a
        // little (the copier keeps their rings empty meanwhile) rather than taking their CPU.
        sys::lower_thread_priority(READER_NICE);
        sys::batch_thread();
        loop {
            let (drained, eof, read) = match self.passes.recv() {
                Ok(pass) => self.take_pass(pass, &mut reorder),
                // The copier ended without its last pass (only a panic can do that): what it
                // copied is all there will be.
                Err(_) => (Instant::now(), true, 0),
            };
            moving |= read > 0;
            // Events go straight from their ring's queue into the batch; what the reader
            // learns from them is read there, in place.
            loop {
                let mut out = self.out.take();
                let from = out.len();
                let more = reorder.ready_into(eof, drained, &mut out, BATCH, &|from, to| self.claimed(from, to));
                let mut i = from;
                while i < out.len() {
                    let ev = &out[i];
                    events += 1;
                    last_t = last_t.max(ev.t_ns);
                    let mut crashed = None;
                    match &ev.kind {
                        EventKind::Started { name, .. } => {
                            live.insert(ev.pid, (' ', String::new()));
                            names.insert(ev.pid, name.clone());
                        }
                        EventKind::Reaped { child, exitcode } => {
                            live.remove(child);
                            // A native crash reports nothing itself; the viewer says it for it.
                            crashed = crash::native_crash(*exitcode).map(|message| Event {
                                pid: *child,
                                kind: EventKind::InternalError { message, location: String::new() },
                                ..ev.clone()
                            });
                        }
                        EventKind::Printed { .. } | EventKind::PrintedPart { .. } => lines += 1,
                        _ => {}
                    }
                    if let Some(c) = self.controller.as_mut() {
                        c.on_event(ev, &self.region);
                    }
                    note_internal(ev, &names, &mut internal);
                    if let Some(crashed) = crashed {
                        note_internal(&crashed, &names, &mut internal);
                        i += 1;
                        out.insert(i, crashed);
                    }
                    i += 1;
                }
                let full = out.len() >= BATCH;
                self.out.replace(out);
                if full {
                    self.hand_over();
                }
                if !more {
                    break;
                }
            }
            // A process can die without an event (a kill -9 from outside, the student's `x`
            // while everything is held): a slow heartbeat and the student's own actions
            // (`nudge`) still get it sampled.
            moving |= self.nudge.swap(false, Ordering::SeqCst) || last_sample.elapsed() >= SAMPLE_QUIET;
            if moving && last_sample.elapsed() >= SAMPLE_EVERY {
                last_sample = Instant::now();
                moving = false;
                for (pid, seen) in live.iter_mut() {
                    if let Some(now) = proc_sample::sample(*pid)
                        && now != *seen
                    {
                        *seen = now.clone();
                        moving = true;
                        let sample = Event {
                            seq: reorder.next,
                            sub: 0,
                            t_ns: last_t,
                            pid: *pid,
                            kind: EventKind::Kernel { state: now.0, wchan: now.1 },
                        };
                        // A schedule learns from it that a killed process is gone.
                        if let Some(c) = self.controller.as_mut() {
                            c.on_event(&sample, &self.region);
                        }
                        self.send(sample);
                    }
                }
            }
            let hit = |kind, limit| Some(LimitHit { kind, limit });
            let limit = if started.elapsed().as_secs_f64() > self.settings.max_secs {
                hit(LimitKind::RunTime, self.settings.max_secs)
            } else if lines > self.settings.max_lines {
                hit(LimitKind::OutputLines, self.settings.max_lines as f64)
            } else if events > self.settings.max_events {
                hit(LimitKind::Events, self.settings.max_events as f64)
            } else {
                None
            };
            if let Some(limit) = limit {
                request_stop(&self.control, &self.outcome, RunOutcome::Limit(limit));
            }
            self.hand_over();
            if eof {
                break;
            }
        }
        // An internal error outranks every other end: the run did not show what Python does.
        let outcome = internal.unwrap_or_else(|| {
            self.outcome
                .lock()
                .ok()
                .and_then(|o| o.clone())
                .unwrap_or_else(|| self.runner_failure().unwrap_or(RunOutcome::Finished))
        });
        self.reap_runner();
        self.send(Event { seq: reorder.next + 1, sub: 0, t_ns: last_t, pid: 0, kind: EventKind::RunEnded { outcome } });
        self.hand_over();
        self.done.store(true, Ordering::SeqCst);
    }

    /// Takes a pass of the copier's into `reorder`; returns when the pass began, whether it was
    /// the last, and how many records it brought.
    fn take_pass(&self, pass: Pass, reorder: &mut Reorder) -> (Instant, bool, usize) {
        let (mut words, mut records) = (0, 0);
        for chunk in pass.chunks {
            words += chunk.words.len();
            let (framed, spare) = reorder.accept(chunk);
            records += framed;
            let _ = self.spent_words.try_send(spare);
        }
        self.shared.waiting_words.fetch_sub(words, Ordering::SeqCst);
        self.shared.waiting_passes.fetch_sub(1, Ordering::SeqCst);
        (pass.drained, pass.last, records)
    }

    /// Whether a live writer claims a seq in `from..=to`: one it took and has not published
    /// yet (preempted, or taking its time), so the gap is still coming.
    fn claimed(&self, from: u64, to: u64) -> bool {
        reorder::claimed_by_live(self.region.rings_in_use(), from, to)
    }

    /// Hands an event to the front end: into the batch, which goes when full.
    fn send(&self, ev: Event) {
        let full = {
            let mut out = self.out.borrow_mut();
            out.push(ev);
            out.len() >= BATCH
        };
        if full {
            self.hand_over();
        }
    }

    /// Hands the batch to the front end, waiting while its channel is full (the lesson then
    /// waits too, once its ring fills), unless the Run was dropped.
    fn hand_over(&self) {
        let mut batch = {
            let mut out = self.out.borrow_mut();
            if out.is_empty() {
                return;
            }
            let empty = self.spent.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
            std::mem::replace(&mut *out, empty)
        };
        loop {
            match self.tx.try_send(batch) {
                Ok(()) | Err(TrySendError::Disconnected(_)) => return,
                Err(TrySendError::Full(back)) => {
                    if self.dropped.load(Ordering::SeqCst) {
                        return;
                    }
                    batch = back;
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
    }

    /// Waits (a little) for the runner to exit after the last event, and reaps it before the
    /// run is said to be over; `Run`'s drop finds it gone. A runner still there after two seconds is left to that drop.
    fn reap_runner(&self) {
        use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
        let pid = nix::unistd::Pid::from_raw(self.runner_pid);
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) => std::thread::sleep(Duration::from_millis(5)),
                _ => return,
            }
        }
    }

    /// The runner's death by a signal, or its complaint when it wrote one (a lesson it could
    /// not load, say).
    fn runner_failure(&self) -> Option<RunOutcome> {
        if let Some(died) = runner_watch::died(self.runner_pid) {
            return Some(died);
        }
        let log = std::fs::read_to_string(self.run_dir.join("runner.log")).ok()?;
        let message = log.lines().find(|l| l.starts_with("forkbook runner:"))?.to_string();
        Some(RunOutcome::Failed { message })
    }
}
