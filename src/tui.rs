//! The terminal UI: one loop over one channel of `Msg`. An input thread (input.rs) and one
//! relay thread per run only send (a timeout of the wait is the animation tick while
//! running); the loop folds messages into the `App`, keeps the wall time since the run's last
//! event (a run that can no longer move is stopped by the app's verdict on it), carries out
//! the effects on the running lesson and on the student's program copies (editor.rs), and
//! redraws at most ~30 times a second, and only when something changed (nothing while paused
//! and idle). The terminal is restored on every way out, panics included (ratatui's hook),
//! and the run is dropped (killed, reaped) with it.

pub mod app;
pub mod editor;
pub mod input;
pub mod keys;
pub mod reload;
pub mod screens;
pub mod theme;
pub mod widgets;

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use crate::event::Event;
use crate::lesson::{KnobValues, Lesson};
use crate::progress::{Programs, Store};
use crate::runtime::{self, Run, Settings};
use crate::text::Lang;

use app::{App, Effect, Screen};
use input::Input;
use screens::lesson::{Hits, MIN_HEIGHT, MIN_WIDTH};
use theme::Theme;

/// Everything the loop reacts to.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize,
    Tick,
    /// Events of run `id`, in order: a batch, so that a busy run costs the loop one message
    /// (and one deadlock check, one look at the clock) per batch, not per event.
    Runtime(u64, Vec<Event>),
    /// Many runs of run `id`: how many are done, of how many, and the tally at the end.
    Tally {
        run_id: u64,
        done: usize,
        of: usize,
        tally: Option<crate::play::Tally>,
    },
    /// Something to tell the student in the footer.
    Notice(String),
    /// Watched lesson files (or program copies) were saved.
    Changed(Vec<std::path::PathBuf>),
    Failed(String),
}

/// How the TUI starts.
pub struct Start {
    pub catalog: Vec<Arc<Lesson>>,
    /// Open this lesson at once instead of the picker, run with `settings`' knobs, speed and
    /// schedule.
    pub lesson: Option<Arc<Lesson>>,
    pub lang: Lang,
    /// Limits and the runner binary for every run; knobs, speed and schedule for `lesson`'s.
    /// Its seed is not used: `seeds` gives each run its own.
    pub settings: Settings,
    /// The seed of each new run: pinned by `--seed`, or drawn afresh.
    pub seeds: app::Seeds,
    /// `run --record FILE`: the run on screen is saved here when the screen closes.
    pub record: Option<std::path::PathBuf>,
    /// `forkbook replay`: every run of `lesson` plays this recording instead of processes.
    pub replay: Option<crate::record::Recording>,
    /// Open in presenter mode (`--present`).
    pub present: bool,
    /// `forkbook watch`: every run of `lesson` is this program under the real CPython.
    pub watch: Option<crate::runtime::cpython::WatchSpec>,
    /// Problems of the lesson folders (files left out of the picker), for the problems panel
    /// until each file is saved good.
    pub problems: Vec<crate::lesson::Diagnostic>,
}

const FRAME: Duration = Duration::from_millis(33);
/// Many runs go at this speed (every duration scales, so the races stay the same).
const MANY_RUNS_SPEED: f64 = 10.0;
const TICK: Duration = Duration::from_millis(50);

/// Runs the TUI until the student quits.
pub fn run(start: Start) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the lesson screen needs a terminal; to print a trace instead use: forkbook run LESSON --headless");
    }
    runtime::catch_stop_signals();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = main_loop(&mut terminal, start);
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    if let Ok(Some(said)) = &result {
        eprintln!("forkbook: {said}");
    }
    result.map(|_| ())
}

/// What a relay receives: single events (a watched CPython program's) or batches (a lesson
/// run's).
trait Events: Send + 'static {
    fn add_to(self, batch: &mut Vec<Event>);
}

impl Events for Event {
    fn add_to(self, batch: &mut Vec<Event>) {
        batch.push(self);
    }
}

impl Events for Vec<Event> {
    fn add_to(mut self, batch: &mut Vec<Event>) {
        if batch.is_empty() {
            std::mem::swap(batch, &mut self);
        } else {
            batch.append(&mut self);
        }
    }
}

/// Hands a run's events to the screen's loop, as batches of what has come: `first`, then
/// whatever `events` brings.
fn relay<T: Events>(tx: Sender<Msg>, run_id: u64, first: Vec<Event>, events: Receiver<T>, in_flight: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        let mut batch = first;
        loop {
            if batch.is_empty() {
                match events.recv() {
                    Ok(more) => more.add_to(&mut batch),
                    Err(_) => return,
                }
            }
            while batch.len() < RELAY_BATCH
                && let Ok(more) = events.try_recv()
            {
                more.add_to(&mut batch);
            }
            // Bounded: while the screen is behind, the relay waits, and with it (once the
            // run's own channel and the rings fill) the lesson; memory stays flat.
            while in_flight.load(Ordering::SeqCst) >= RELAY_BOUND {
                std::thread::sleep(Duration::from_millis(1));
            }
            in_flight.fetch_add(batch.len(), Ordering::SeqCst);
            if tx.send(Msg::Runtime(run_id, std::mem::take(&mut batch))).is_err() {
                return;
            }
        }
    });
}

/// The most events the relay gathers into one message.
const RELAY_BATCH: usize = 1024;

/// Events the relay may have handed to the screen's loop that it has not taken yet.
const RELAY_BOUND: usize = 16 * 1024;

/// The running lesson and the wall time of its last event (for animation between events, and
/// the quiet a stall must last before the run is called stuck).
struct Session {
    run: Option<Run>,
    last_event: (u64, Instant),
    /// The lesson the command line named: only its runs follow `--schedule`.
    scheduled: Option<String>,
    /// What the last run started ran, for `--record` (its events: `App::last_run_events`).
    shown: Option<(Arc<Lesson>, Settings)>,
    /// A replay's recording and its player, which stand in for the run's processes.
    replay: Option<Arc<Vec<Event>>>,
    feeder: Option<crate::record::Feeder>,
    /// A watched CPython program (`forkbook watch`) and its run, which stand in for lesson
    /// processes.
    watch: Option<crate::runtime::cpython::WatchSpec>,
    cpython: Option<crate::runtime::cpython::CpythonRun>,
}

impl Session {
    /// The settings of a run of `lesson`: `base` with these knobs, and the command line's
    /// schedule only for the lesson it named.
    fn settings(&self, base: &Settings, lesson: &Lesson, knobs: KnobValues, speed: f64) -> Settings {
        let named = self.scheduled.as_deref() == Some(lesson.source_name.as_str());
        Settings { knobs, speed, schedule: base.schedule.clone().filter(|_| named), ..base.clone() }
    }
}

/// What carrying out effects needs besides the app, the session and the terminal.
struct Tools<'a> {
    settings: &'a Settings,
    tx: &'a Sender<Msg>,
    store: &'a Store,
    programs: &'a Programs,
    input: &'a Input,
    /// Relayed events the loop has not taken yet (`relay`).
    in_flight: &'a Arc<AtomicUsize>,
}

/// Runs the screen; returns what to say once the terminal is restored.
fn main_loop(terminal: &mut ratatui::DefaultTerminal, start: Start) -> Result<Option<String>> {
    let (tx, rx) = channel();
    let input = Input::spawn(tx.clone());
    let mut app = App::new(start.catalog, start.lang, Theme::from_env());
    app.seeds = start.seeds;
    app.present = start.present.then_some(app::Pane::Code);
    let store = Store::open_default();
    let programs = store.programs();
    let (progress, warning) = store.load();
    app.progress = progress;
    app.notice = warning.map(|w| w.0);
    app.problems = start.problems;
    let lessons: Vec<Arc<Lesson>> = app.catalog.iter().chain(start.lesson.as_ref()).cloned().collect();
    for lesson in &lessons {
        editor::reload(&mut app, &programs, lesson);
    }
    let watched = reload::watched(&app, start.lesson.as_deref(), &programs);
    if !watched.is_empty() {
        match crate::watch::Watch::start(&watched) {
            Ok(watch) => watch.forward(tx.clone(), Msg::Changed),
            Err(e) => app.notice = Some(app.lang.t_with("reload.watch_failed", &[("error", &format!("{e:#}"))])),
        }
    }
    let scheduled = start.lesson.as_ref().map(|l| l.source_name.clone());
    let replay = start.replay.map(|r| Arc::new(r.events));
    let mut session = Session {
        run: None,
        last_event: (0, Instant::now()),
        scheduled,
        shown: None,
        replay,
        feeder: None,
        watch: start.watch,
        cpython: None,
    };
    let settings = Settings { knobs: KnobValues::new(), ..start.settings.clone() };
    let in_flight = Arc::new(AtomicUsize::new(0));
    let tools = Tools {
        settings: &settings,
        tx: &tx,
        store: &store,
        programs: &programs,
        input: &input,
        in_flight: &in_flight,
    };
    if let Some(spec) = &session.watch {
        app.interpreter = crate::runtime::cpython::python_version(&spec.python)
            .ok()
            .map(|(major, minor)| format!("CPython {major}.{minor}"));
    }
    if let Some(lesson) = start.lesson {
        let effects = app.open(lesson, start.settings.knobs.clone(), start.settings.speed);
        apply(&mut app, &mut session, effects, &tools, terminal);
        if session.replay.is_some() {
            app.notice = Some(app.lang.t("notice.replay_no_processes").to_string());
        }
        if session.watch.is_some() && app.notice.is_none() {
            app.notice = Some(app.lang.t("notice.watching_cpython").to_string());
        }
    }
    let mut hits = Hits::default();
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    loop {
        if dirty && last_draw.elapsed() >= FRAME {
            terminal.draw(|frame| hits = draw(frame, &app))?;
            last_draw = Instant::now();
            dirty = false;
        }
        // While running, the clock moves between events; paused, nothing wakes the loop but
        // input, events and a slow check for stop signals.
        let running = app.view().is_some_and(|v| v.mode == app::Mode::Running);
        let wait = match (dirty, running) {
            (true, _) => FRAME.saturating_sub(last_draw.elapsed()),
            (false, true) => TICK,
            (false, false) => Duration::from_secs(1),
        };
        let msg = match rx.recv_timeout(wait) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => Msg::Tick,
            Err(RecvTimeoutError::Disconnected) => bail!("the input thread stopped"),
        };
        let mut effects = match msg {
            Msg::Key(key) => {
                dirty = true;
                match keys::action_for(&app, key) {
                    Some(app::Action::Step) if session.feeder.is_some() => replay_step(&mut app, &session),
                    Some(a) => app.update(a),
                    None => Vec::new(),
                }
            }
            Msg::Mouse(m) => match (m.kind, app.view()) {
                (MouseEventKind::Down(MouseButton::Left), Some(view))
                    if hits.lanes.contains((m.column, m.row).into()) =>
                {
                    dirty = true;
                    let rows = widgets::lanes::LaneRows { world: view.world(), selected: view.selected };
                    let order = view.world().tree_order();
                    let clicked = widgets::lanes::lane_at(hits.lanes, rows, m.row)
                        .and_then(|i| order.iter().position(|(p, _)| *p == i));
                    match clicked {
                        Some(lane) => app.update(app::Action::SelectLane(lane)),
                        None => Vec::new(),
                    }
                }
                _ => Vec::new(),
            },
            Msg::Resize => {
                dirty = true;
                Vec::new()
            }
            Msg::Tick => {
                if let Some(view) = app.view()
                    && view.mode == app::Mode::Running
                {
                    app.on_tick(session.last_event.0, session.last_event.1.elapsed().as_nanos() as u64);
                    dirty = true;
                }
                Vec::new()
            }
            Msg::Runtime(run_id, batch) => {
                // Replays send no count (saturating keeps it at 0).
                let n = batch.len();
                let _ = in_flight.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |f| Some(f.saturating_sub(n)));
                let arrived = Instant::now();
                for ev in batch {
                    // What an earlier event led to may have started another run.
                    if Some(run_id) != app.run_id() {
                        break;
                    }
                    session.last_event = (ev.t_ns, arrived);
                    dirty = true;
                    let effects = app.on_event(run_id, ev);
                    if !effects.is_empty() {
                        apply(&mut app, &mut session, effects, &tools, terminal);
                    }
                }
                Vec::new()
            }
            Msg::Tally { run_id, done, of, tally } => {
                app.on_tally(run_id, done, of, tally);
                dirty = true;
                Vec::new()
            }
            Msg::Notice(n) => {
                app.notice = Some(n);
                dirty = true;
                Vec::new()
            }
            Msg::Changed(paths) => {
                dirty = true;
                reload::changed(&mut app, &paths, &programs)
            }
            Msg::Failed(e) => bail!(e),
        };
        // A run that can no longer move ends now (a deadlock) or after a quiet while (a stall).
        effects.extend(app.due_verdict(session.last_event.1.elapsed()).map(Effect::StopBecause));
        apply(&mut app, &mut session, effects, &tools, terminal);
        if app.quit || runtime::stop_requested() {
            session.run = None;
            session.cpython = None;
            session.feeder = None;
            let events = app.last_run_events();
            if let (Some(path), Some((lesson, settings))) = (&start.record, &session.shown)
                && !events.is_empty()
            {
                save_run(events, lesson, settings, path, start.lang, session.watch.is_some())?;
                return Ok(Some(format!("recorded {} events to {}", events.len(), path.display())));
            }
            return Ok(None);
        }
    }
}

/// Carries out the app's effects on the running lesson and the student's program copies; the
/// app's answer to an edited program (a new run) is carried out in turn.
fn apply(
    app: &mut App,
    session: &mut Session,
    effects: Vec<Effect>,
    tools: &Tools,
    terminal: &mut ratatui::DefaultTerminal,
) {
    let Tools { settings, tx, store, programs, input, in_flight } = *tools;
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Start { lesson, knobs, speed, paused, seed } if session.replay.is_some() => {
                session.shown = Some((lesson, Settings { knobs, seed, speed, ..settings.clone() }));
                session.last_event = (0, Instant::now());
                let (tx, id, events) = (tx.clone(), app.run_id().unwrap_or(0), session.replay.clone());
                let rate = speed / settings.speed.max(0.01);
                session.feeder = events.map(|events| {
                    crate::record::Feeder::spawn(events, rate, paused, move |ev| {
                        tx.send(Msg::Runtime(id, vec![ev])).is_ok()
                    })
                });
            }
            // A replay records nothing into the student's progress.
            Effect::Record { .. } if session.replay.is_some() || session.watch.is_some() => {}
            Effect::Start { lesson, knobs, speed, paused, seed } if session.watch.is_some() => {
                session.cpython = None;
                session.shown = Some((lesson, Settings { knobs, seed, speed, ..settings.clone() }));
                let started = session.watch.as_ref().map(|spec| crate::runtime::cpython::start(spec, paused));
                match started {
                    Some(Ok(mut run)) => {
                        if let (Some(events), Some(id)) = (run.take_events(), app.run_id()) {
                            relay(tx.clone(), id, Vec::new(), events, in_flight.clone());
                        }
                        session.last_event = (0, Instant::now());
                        session.cpython = Some(run);
                    }
                    Some(Err(e)) => app.notice = Some(format!("{e:#}")),
                    None => {}
                }
            }
            Effect::Grant(slot) if session.watch.is_some() => {
                if let Some(run) = &session.cpython {
                    run.grant(slot);
                }
            }
            Effect::Start { lesson, knobs, speed, paused, seed } => {
                session.run = None;
                let s = Settings { start_paused: paused, seed, ..session.settings(settings, &lesson, knobs, speed) };
                session.shown = Some((Arc::clone(&lesson), s.clone()));
                match runtime::start(&lesson, s) {
                    Ok(mut run) => {
                        if let (Some((first, batches)), Some(id)) = (run.take_events(), app.run_id()) {
                            relay(tx.clone(), id, first, batches, in_flight.clone());
                        }
                        session.last_event = (0, Instant::now());
                        session.run = Some(run);
                    }
                    Err(e) => app.notice = Some(format!("{e:#}")),
                }
            }
            Effect::Stop => {
                session.run = None;
                session.cpython = None;
            }
            Effect::StopBecause(outcome) => {
                if let Some(run) = &session.cpython {
                    run.stop_because(outcome.clone());
                }
                if let Some(run) = &session.run {
                    run.stop_because(outcome);
                }
            }
            Effect::Pause => {
                session.cpython.iter().for_each(crate::runtime::cpython::CpythonRun::pause);
                session.run.iter().for_each(Run::pause);
                session.feeder.iter().for_each(crate::record::Feeder::pause);
            }
            Effect::Resume => {
                session.cpython.iter().for_each(crate::runtime::cpython::CpythonRun::resume);
                session.run.iter().for_each(Run::resume);
                if session.feeder.is_some() {
                    // A replay's clock stood still while paused.
                    session.last_event.1 = Instant::now();
                }
                session.feeder.iter().for_each(crate::record::Feeder::resume);
            }
            Effect::Grant(slot) => {
                if let Some(run) = &session.run {
                    run.grant(slot);
                }
            }
            Effect::SetSpeed(s) => {
                session.run.iter().for_each(|r| r.set_speed(s));
                session.feeder.iter().for_each(|f| f.set_rate(s / settings.speed.max(0.01)));
            }
            Effect::SaveRun { lesson, knobs, seed, speed } => {
                let path = crate::record::default_name(&lesson.id, unix_now());
                let s =
                    Settings { knobs, seed, speed, ..session.settings(settings, &lesson, KnobValues::new(), speed) };
                let watched = session.watch.is_some();
                let events = app.last_run_events();
                let (saved, n) = (save_run(events, &lesson, &s, &path, app.lang, watched), events.len());
                app.notice = Some(match saved {
                    Ok(picture) => {
                        let (path, picture) = (path.display().to_string(), picture.display().to_string());
                        app.lang.t_with("notice.saved_run", &[("path", &path), ("picture", &picture), ("n", &n)])
                    }
                    Err(e) => app.lang.t_with("notice.save_failed", &[("error", &format!("{e:#}"))]),
                });
            }
            Effect::Kill(pid) => {
                if let Some(run) = &session.cpython {
                    run.kill(pid);
                }
                if let Some(run) = &session.run {
                    run.kill(pid);
                }
            }
            Effect::Record { lesson, knobs, answers, tasks } => {
                let record = |p: &mut crate::progress::Progress| p.record_round(&lesson, &knobs, &answers, &tasks);
                record(&mut app.progress);
                if let Err(e) = store.update(record) {
                    app.notice = Some(e);
                }
            }
            Effect::ManyRuns { lesson, knobs, n, run_id, seed } => {
                let tx = tx.clone();
                let s = Settings { seed, ..session.settings(settings, &lesson, knobs, MANY_RUNS_SPEED) };
                std::thread::spawn(move || {
                    let progress = tx.clone();
                    let tally = crate::play::many_runs(&lesson, &s, n, |i, _| {
                        let _ = progress.send(Msg::Tally { run_id, done: i + 1, of: n, tally: None });
                    });
                    let msg = match tally {
                        Ok(t) => Msg::Tally { run_id, done: n, of: n, tally: Some(t) },
                        Err(e) => Msg::Notice(format!("many runs: {e:#}")),
                    };
                    let _ = tx.send(msg);
                });
            }
            Effect::EditProgram(lesson) => queue.extend(editor::edit(terminal, input, programs, app, &lesson)),
            Effect::ForgetProgram(id) => editor::forget(app, programs, &id),
        }
    }
}

/// A step key in a replay: pause, and hand on the recording's next event worth seeing.
fn replay_step(app: &mut App, session: &Session) -> Vec<Effect> {
    match app.view().map(|v| v.mode) {
        Some(app::Mode::Running) => {
            let effects = app.update(app::Action::TogglePause);
            session.feeder.iter().for_each(crate::record::Feeder::next);
            effects
        }
        Some(app::Mode::Paused) => {
            session.feeder.iter().for_each(crate::record::Feeder::next);
            Vec::new()
        }
        _ => app.update(app::Action::Step),
    }
}

/// Saves `events`, a run of `lesson` with `settings`, as a recording at `path`.
/// Saves the run as a recording at `path` and, beside it, its picture for slides (the
/// timeline and the state at its last move, as `forkbook export --svg` draws it); returns the
/// picture's path.
fn save_run(
    events: &[Event],
    lesson: &Lesson,
    settings: &Settings,
    path: &std::path::Path,
    lang: Lang,
    watched: bool,
) -> Result<std::path::PathBuf> {
    let header = crate::record::Header { watched, ..crate::record::Header::new(lesson, settings) };
    let recording = crate::record::Recording { header, events: events.to_vec() };
    recording.save(path)?;
    let picture = path.with_extension("svg");
    let window = crate::export::Window::of(events, None, None, None).map_err(anyhow::Error::msg)?;
    std::fs::write(&picture, crate::export::svg(&recording, window, lang))?;
    Ok(picture)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Draws whatever is open; returns where clickable things are.
pub fn draw(frame: &mut ratatui::Frame, app: &App) -> Hits {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        screens::lesson::draw_too_small(frame, &app.theme, app.lang);
        return Hits::default();
    }
    let hits = match &app.screen {
        Screen::Lesson(view) => screens::lesson::draw(frame, app, view),
        Screen::Picker => {
            let picker = screens::picker::PickerScreen {
                lessons: &app.catalog,
                picker: &app.picker,
                theme: &app.theme,
                lang: app.lang,
                progress: Some(&app.progress),
            };
            frame.render_widget(&picker, area);
            match app.overlay {
                app::Overlay::Help => screens::overlay::draw_help(frame, app),
                app::Overlay::Symbols => screens::overlay::draw_symbols(frame, app),
                _ => {}
            }
            Hits::default()
        }
    };
    // A lesson file saved broken: its problems over the bottom of whatever is open.
    if !app.problems.is_empty() {
        frame.render_widget(&screens::problems::ProblemsPanel { app }, area);
    }
    hits
}
