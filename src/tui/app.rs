//! The TUI's state as plain data, and how it changes: keys become `Action`s (keys.rs), an
//! action or a runtime event updates the `App`, and anything that must touch the running lesson
//! comes back as an `Effect` for the loop to carry out. No terminal and no processes here, so
//! whole-app tests drive it with synthetic keys and events.

mod knobs;
mod picker;
mod present;
mod program;
mod reload;
mod rewind;
mod run;
mod seeds;
mod undo;
mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::event::{Event, EventKind, RunOutcome};
use crate::lesson::{KnobValues, Lesson};
use crate::text::Lang;
use crate::trace::World;
use crate::trace::history::History;

pub use knobs::KnobEditor;
pub use picker::{Picker, filtered};
pub use present::Pane;
pub use program::Edit;
pub use rewind::{Move, interesting};
pub use seeds::{SEED_LIMIT, Seeds};
pub use undo::Replay;
pub use workbook::Workbook;

use super::theme::Theme;

/// How many runs the `m` key makes.
pub const MANY_RUNS: usize = 10;

/// Speeds the +/- keys step through.
pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 50.0];

/// What the student asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Quit,
    /// q: back to the picker from a lesson, quit from the picker.
    Back,
    ToggleHelp,
    ToggleLang,
    PickerMove(i32),
    PickerOpen,
    /// `/`: start typing a filter.
    StartFilter,
    FilterPush(char),
    FilterPop,
    /// Esc while filtering: clear the filter.
    FilterClear,
    TogglePause,
    /// One step for the chosen process.
    Step,
    /// Choose the next / previous lane (Tab / Shift-Tab) as the receiver of steps.
    NextLane(i32),
    SelectLane(usize),
    Faster,
    Slower,
    Restart,
    OpenKnobs,
    SwitchTab,
    KnobMove(i32),
    KnobChange(i32),
    KnobApply,
    CloseOverlay,
    /// Workbook: choose a question or task.
    WorkbookMove(i32),
    /// Workbook: previous / next option of a choice question.
    AnswerChange(i32),
    /// Workbook: a digit typed (None: Backspace).
    AnswerDigit(Option<char>),
    /// Workbook: reveal the next hint.
    Hint,
    /// Run the lesson many times and tally the outcomes.
    ManyRuns,
    /// Scroll the output pane back (negative) or on by this many lines.
    ScrollOutput(i32),
    /// In the help box: show the other page (keys / symbols).
    HelpPage,
    /// SIGKILL the chosen process.
    KillLane,
    /// Edit the lesson's program in the student's editor.
    EditProgram,
    /// Go back to the lesson's own program.
    ResetProgram,
    /// `w`: save the run on screen to a recording.
    SaveRun,
    /// Move the rewind cursor through the run's events.
    Rewind(Move),
    /// `u`: undo the last step granted, by running the lesson again to the step before.
    Undo,
    /// `.`: run until the next interesting event (acquire, release, put, get, print, exit,
    /// deadlock), then pause.
    RunToInteresting,
    /// `p`: presenter mode on or off.
    TogglePresent,
    /// In presenter mode: show this pane.
    ShowPane(Pane),
}

/// What the loop must do to the running lesson.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Stop any run and start this lesson with these knob overrides and this seed (paused
    /// when asked).
    Start {
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        speed: f64,
        paused: bool,
        seed: u64,
    },
    Stop,
    /// Stop the run because it can no longer move (a deadlock, a stall): it ends with this
    /// outcome.
    StopBecause(RunOutcome),
    Pause,
    Resume,
    /// Grant one step to the process in this gate slot.
    Grant(u32),
    /// SIGKILL this process of the run.
    Kill(i32),
    SetSpeed(f64),
    /// Run the lesson `n` times in the background (seeds `seed`, `seed + 1`, …) and send the
    /// tally back.
    ManyRuns {
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        n: usize,
        run_id: u64,
        seed: u64,
    },
    /// Save to the student's progress: a finished run, checked predictions, tasks reached, and
    /// the knob values of the round they belong to (`name=value …`).
    Record {
        lesson: String,
        knobs: String,
        answers: Vec<(String, String, bool)>,
        tasks: Vec<String>,
    },
    /// Open this lesson's program copy (made from its own program if there is none) in the
    /// student's editor, then hand it back with `App::program_saved`.
    EditProgram(Arc<Lesson>),
    /// Remove the student's copy of the program of the lesson with this progress key.
    ForgetProgram(String),
    /// Save the run on screen (its events so far) as a recording of this lesson run with these
    /// knobs, seed and speed.
    SaveRun {
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        seed: u64,
        speed: f64,
    },
}

/// Ready (predict first), run / pause / finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The lesson is open but not started: the student predicts first.
    Ready,
    Running,
    Paused,
    Finished,
}

/// The left pane shows the program or the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Workbook,
    Code,
    Story,
}

/// What is drawn over the screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    None,
    /// The `?` help: the keys of the screen.
    Help,
    /// The help's other page: what each lane symbol and timeline glyph means.
    Symbols,
    Knobs(KnobEditor),
}

impl Overlay {
    /// Either page of the help box.
    pub fn is_help(&self) -> bool {
        matches!(self, Overlay::Help | Overlay::Symbols)
    }
}

/// An open lesson.
#[derive(Clone, Debug)]
pub struct LessonView {
    /// The lesson as its runs run it: with the student's edited program, when one is in use.
    pub lesson: Arc<Lesson>,
    /// The lesson as its file has it: its own program.
    pub original: Arc<Lesson>,
    /// The knob values of the run shown (every knob, typed).
    pub knobs: KnobValues,
    /// The program as this run runs it (knob values substituted), for the code pane.
    pub program: String,
    /// The World after the first `cursor` events while rewound (`world()` shows it); the live
    /// World is the history's own.
    rewound: Option<World>,
    pub mode: Mode,
    pub speed: f64,
    pub tab: Tab,
    /// The lane (index into `world.processes`) that receives steps and whose details show.
    pub selected: Option<usize>,
    /// Which run the view shows; events of older runs are ignored.
    pub run_id: u64,
    /// Lesson time at which each object last changed.
    pub touched: HashMap<String, u64>,
    /// Lesson time now: the last event's time, plus the wall time since then while running.
    pub now_ns: u64,
    /// Slot of each process's step gate, by pid.
    pub slots: HashMap<i32, u32>,
    pub workbook: Workbook,
    /// The seed of this run's random sleeps.
    pub seed: u64,
    /// The interpreter that runs it, for a run watched under CPython (which has no seed).
    pub interpreter: Option<String>,
    /// The student was stepping (paused) when last running or paused: a run started by `r`
    /// or new knobs starts paused too, even after this one finished.
    pub stepping: bool,
    /// The output pane shows the lines before this index; `None` follows the newest.
    pub output_until: Option<usize>,
    /// The run was found deadlocked or stuck and the loop told to stop it (once per run).
    pub verdict_given: bool,
    /// The student killed a process of this run (`x`): it is not graded.
    pub killed: bool,
    /// Every event of this run, with checkpoints, and the live World (`world()` shows it
    /// unless rewound).
    pub history: History,
    /// The rewind cursor: `world()` shows the World after this many events. `None` follows the
    /// run live.
    pub cursor: Option<usize>,
    /// Rewinding paused a running run: bringing the cursor back to the end resumes it.
    pub resume_at_end: bool,
    /// The processes granted a step in this run, in order (what `u` undoes the last of).
    pub grants: Vec<String>,
    /// Steps still to grant again after an undo, and the one under way.
    pub replay: Replay,
    /// `.` was pressed: the next interesting event pauses the run.
    pub until_interesting: bool,
}

impl LessonView {
    /// The World on screen: at the rewind cursor, else the live one.
    pub fn world(&self) -> &World {
        self.rewound.as_ref().unwrap_or_else(|| self.history.live())
    }

    /// Whether the student's edited program runs instead of the lesson's own.
    pub fn edited(&self) -> bool {
        self.lesson.python != self.original.python
    }

    /// Goes into `mode`, remembering whether the student steps or lets it run.
    pub(super) fn go(&mut self, mode: Mode) {
        match mode {
            Mode::Running => self.stepping = false,
            Mode::Paused => self.stepping = true,
            Mode::Ready | Mode::Finished => {}
        }
        self.mode = mode;
    }

    /// The effect that starts this view's run, paused when the view is.
    pub(super) fn start_effect(&self) -> Effect {
        Effect::Start {
            lesson: Arc::clone(&self.lesson),
            knobs: self.knobs.clone(),
            speed: self.speed,
            paused: self.mode == Mode::Paused,
            seed: self.seed,
        }
    }

    /// How a new run of this lesson starts from `r` or new knobs: as the student was going.
    pub(super) fn next_start(&self) -> Mode {
        match self.mode {
            Mode::Ready => Mode::Ready,
            _ if self.stepping => Mode::Paused,
            _ => Mode::Running,
        }
    }
}

/// Which screen is open.
#[derive(Clone, Debug)]
pub enum Screen {
    Picker,
    Lesson(Box<LessonView>),
}

/// The whole TUI state.
#[derive(Clone, Debug)]
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    /// Built-in lessons in chapter order.
    pub catalog: Vec<Arc<Lesson>>,
    pub picker: Picker,
    pub screen: Screen,
    pub overlay: Overlay,
    /// A message for the footer (why a step cannot be given, an error).
    pub notice: Option<String>,
    /// Presenter mode: the one pane that fills the screen. `None`: the usual lesson screen.
    pub present: Option<Pane>,
    pub quit: bool,
    /// The student's progress as last loaded or saved.
    pub progress: crate::progress::Progress,
    /// The seed of each new run.
    pub seeds: Seeds,
    /// The student's edited programs, by the lesson's `source_name`.
    pub edits: BTreeMap<String, Edit>,
    /// Problems of lesson files saved broken while shown (hot reload), for the problems panel;
    /// empty once each is saved good again.
    pub problems: Vec<crate::lesson::Diagnostic>,
    /// The interpreter every run is watched under (`CPython 3.11`): such a run has no seed.
    pub interpreter: Option<String>,
    next_run: u64,
    /// The last lesson view that ran, once left for the picker or replaced by a new round
    /// before that round ran: its run is still the one `--record` saves at the end.
    left: Option<Box<LessonView>>,
}

impl App {
    pub fn new(catalog: Vec<Arc<Lesson>>, lang: Lang, theme: Theme) -> App {
        App {
            lang,
            theme,
            catalog,
            picker: Picker::default(),
            screen: Screen::Picker,
            overlay: Overlay::None,
            notice: None,
            present: None,
            quit: false,
            progress: crate::progress::Progress::default(),
            seeds: Seeds::default(),
            edits: BTreeMap::new(),
            problems: Vec::new(),
            interpreter: None,
            next_run: 0,
            left: None,
        }
    }

    /// The events of the last run started: the open view's once it started, else those of
    /// the last view that ran (a recording saves these with the settings of that run).
    pub fn last_run_events(&self) -> &[Event] {
        match (&self.screen, &self.left) {
            (Screen::Lesson(v), _) if v.mode != Mode::Ready => v.history.events(),
            (_, Some(left)) => left.history.events(),
            _ => &[],
        }
    }

    /// Leaves the open view for `next`, keeping it as the last run if it ran.
    fn replace_view(&mut self, next: Screen) {
        if let Screen::Lesson(v) = std::mem::replace(&mut self.screen, next)
            && v.mode != Mode::Ready
        {
            self.left = Some(v);
        }
    }

    /// The open lesson, if any.
    pub fn view(&self) -> Option<&LessonView> {
        match &self.screen {
            Screen::Lesson(v) => Some(v),
            Screen::Picker => None,
        }
    }

    fn view_mut(&mut self) -> Option<&mut LessonView> {
        match &mut self.screen {
            Screen::Lesson(v) => Some(v),
            Screen::Picker => None,
        }
    }

    /// Opens a lesson: with questions it waits in Ready for the predictions; without, its run
    /// starts at once.
    pub fn open(&mut self, lesson: Arc<Lesson>, knobs: KnobValues, speed: f64) -> Vec<Effect> {
        let start = if lesson.questions.is_empty() { Mode::Running } else { Mode::Ready };
        self.open_view(lesson, knobs, speed, Workbook::default(), start)
    }

    /// Opens (or reopens) a lesson view for a new run with a new seed, in `start`: Ready waits
    /// for the predictions (no effect), Running or Paused starts the run. `original` is the
    /// lesson as its file has it; the run uses the student's program when one is in use. Knobs
    /// other than those of the predictions start a new round, which waits for predictions.
    fn open_view(
        &mut self,
        original: Arc<Lesson>,
        knobs: KnobValues,
        speed: f64,
        workbook: Workbook,
        start: Mode,
    ) -> Vec<Effect> {
        let lesson = self.running(&original);
        let knobs = lesson.knobs_with(&knobs);
        self.next_run += 1;
        let mut workbook = if workbook.hints.is_empty() { Workbook::new(&lesson) } else { workbook };
        // New knobs after predicting: a new round, whose predictions are asked for first.
        let ask_again = workbook.new_round(&knobs) && !lesson.questions.is_empty();
        let start = if ask_again { Mode::Ready } else { start };
        let ready = start == Mode::Ready;
        let view = LessonView {
            lesson: Arc::clone(&lesson),
            original,
            program: lesson.program_text(&knobs),
            knobs: knobs.clone(),
            rewound: None,
            mode: start,
            speed,
            tab: if ready { Tab::Workbook } else { Tab::Code },
            selected: None,
            run_id: self.next_run,
            touched: HashMap::new(),
            now_ns: 0,
            slots: HashMap::new(),
            workbook,
            seed: self.seeds.draw(),
            interpreter: self.interpreter.clone(),
            stepping: start == Mode::Paused,
            output_until: None,
            verdict_given: false,
            killed: false,
            history: History::default(),
            cursor: None,
            resume_at_end: false,
            grants: Vec::new(),
            replay: Replay::default(),
            until_interesting: false,
        };
        let effect = view.start_effect();
        self.replace_view(Screen::Lesson(Box::new(view)));
        self.overlay = Overlay::None;
        self.notice = ask_again.then(|| self.lang.t("notice.predict_again").to_string());
        if ready { Vec::new() } else { vec![effect] }
    }

    /// The id of the run the open lesson shows.
    pub fn run_id(&self) -> Option<u64> {
        self.view().map(|v| v.run_id)
    }

    /// Folds one runtime event of run `run_id` into the view; when the run ends, the workbook
    /// checks the predictions and tasks against it and asks for them to be recorded.
    pub fn on_event(&mut self, run_id: u64, ev: Event) -> Vec<Effect> {
        let Some(view) = self.view_mut() else { return Vec::new() };
        if view.run_id != run_id {
            return Vec::new();
        }
        view.now_ns = view.now_ns.max(ev.t_ns);
        if let EventKind::Started { slot, .. } = &ev.kind {
            view.slots.insert(ev.pid, *slot);
            view.selected.get_or_insert(0);
        }
        if let Some(object) = touched_object(&ev.kind) {
            match view.touched.get_mut(object) {
                Some(t) => *t = ev.t_ns,
                None => {
                    view.touched.insert(object.to_string(), ev.t_ns);
                }
            }
        }
        let ended = matches!(ev.kind, EventKind::RunEnded { .. });
        let ungraded = not_graded(&ev.kind, view.killed);
        view.history.push(ev);
        if !ended {
            let mut effects = view.replay_on_last();
            effects.extend(view.stop_if_interesting());
            return effects;
        }
        view.mode = Mode::Finished;
        view.until_interesting = false;
        if !view.lesson.questions.is_empty() || !view.lesson.tasks.is_empty() {
            view.tab = Tab::Workbook;
        }
        if let Some(why) = ungraded {
            view.workbook.not_graded(why);
            return Vec::new();
        }
        let verdicts = crate::workbook::judge(&view.lesson, view.history.live(), &view.knobs);
        let (answers, tasks) = view.workbook.finish_run(&view.lesson, verdicts);
        let knobs = view.knobs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
        vec![Effect::Record { lesson: view.lesson.progress_key(), knobs, answers, tasks }]
    }

    /// Takes the tally of many runs (or how far they got).
    pub fn on_tally(&mut self, run_id: u64, done: usize, of: usize, tally: Option<crate::play::Tally>) {
        if let Some(view) = self.view_mut()
            && view.run_id == run_id
        {
            view.workbook.many_running = if tally.is_some() { None } else { Some((done, of)) };
            if tally.is_some() {
                view.workbook.tally = tally;
            }
        }
    }

    /// Lets run time go on by `wall_ns` since the last event (event times are wall time since
    /// the run began), so highlights fade and the clock moves between events.
    pub fn on_tick(&mut self, last_event_ns: u64, wall_ns: u64) {
        if let Some(view) = self.view_mut()
            && view.mode == Mode::Running
        {
            view.now_ns = view.now_ns.max(last_event_ns + wall_ns);
        }
    }

    /// Applies one action; returns what the loop must do to the run.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.notice = None;
        match action {
            Action::Quit => self.quit(),
            Action::Back => self.back(),
            Action::ToggleHelp => self.show(if self.overlay.is_help() { Overlay::None } else { Overlay::Help }),
            Action::HelpPage => self.show(if self.overlay == Overlay::Help { Overlay::Symbols } else { Overlay::Help }),
            Action::CloseOverlay => self.show(Overlay::None),
            Action::ToggleLang => {
                self.lang = self.lang.toggled();
                Vec::new()
            }
            Action::PickerMove(d) => self.picker_move(d),
            Action::PickerOpen => self.open_picked(),
            Action::StartFilter => self.edit_filter(|p| p.typing = true),
            Action::FilterPush(c) => self.edit_filter(|p| p.push(c)),
            Action::FilterPop => self.edit_filter(Picker::pop),
            Action::FilterClear => self.edit_filter(|p| *p = Picker::default()),
            Action::OpenKnobs => self.open_knobs(),
            Action::KnobMove(d) => self.move_knob(d),
            Action::KnobChange(d) => self.change_knob(d),
            Action::KnobApply => self.apply_knobs(),
            Action::WorkbookMove(d) => self.answer(|w, _| w.move_row(d)),
            Action::AnswerChange(d) => self.answer(|w, lesson| w.change(lesson, d)),
            Action::AnswerDigit(c) => self.answer(|w, lesson| w.type_digit(lesson, c)),
            Action::Hint => self.answer(|w, lesson| w.hint(lesson)),
            Action::SwitchTab => self.switch_tab(),
            Action::TogglePause => self.toggle_pause(),
            Action::Step => self.step(),
            Action::NextLane(d) => self.next_lane(d),
            Action::SelectLane(i) => self.select_lane(i),
            Action::Faster => self.change_speed(true),
            Action::Slower => self.change_speed(false),
            Action::Restart => self.restart(),
            Action::ManyRuns => self.many_runs(),
            Action::KillLane => self.kill_lane(),
            Action::SaveRun => self.save_run(),
            Action::ScrollOutput(d) => self.scroll_output(d),
            Action::EditProgram => self.edit_program(),
            Action::ResetProgram => self.reset_program(),
            Action::Rewind(m) => self.rewind(m),
            Action::Undo => self.undo(),
            Action::RunToInteresting => self.run_to_interesting(),
            Action::TogglePresent => self.toggle_present(),
            Action::ShowPane(pane) => self.show_pane(pane),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        vec![Effect::Stop]
    }

    /// q: from a lesson back to the picker; from the picker, quit.
    fn back(&mut self) -> Vec<Effect> {
        match self.screen {
            Screen::Picker => self.quit(),
            Screen::Lesson(_) => {
                self.replace_view(Screen::Picker);
                self.overlay = Overlay::None;
                vec![Effect::Stop]
            }
        }
    }

    fn show(&mut self, overlay: Overlay) -> Vec<Effect> {
        self.overlay = overlay;
        Vec::new()
    }

    /// The left pane's next tab: workbook (when the lesson has one), program, story.
    fn switch_tab(&mut self) -> Vec<Effect> {
        if let Some(v) = self.view_mut() {
            let workbook = !v.lesson.questions.is_empty() || !v.lesson.tasks.is_empty();
            v.tab = match v.tab {
                Tab::Workbook => Tab::Code,
                Tab::Code => Tab::Story,
                Tab::Story if workbook => Tab::Workbook,
                Tab::Story => Tab::Code,
            };
        }
        Vec::new()
    }
}

/// Why a run that ended this way is not graded (a catalog key): the student killed one of its
/// processes, a limit or the viewer stopped it, or the runner failed. A deadlock or a stall is
/// graded: questions may ask about them.
fn not_graded(end: &EventKind, killed: bool) -> Option<&'static str> {
    match end {
        _ if killed => Some("workbook.not_graded_killed"),
        EventKind::RunEnded { outcome: RunOutcome::Limit(_) } => Some("workbook.not_graded_limit"),
        EventKind::RunEnded {
            outcome: RunOutcome::Stopped | RunOutcome::Failed { .. } | RunOutcome::RunnerDied { .. },
        } => Some("workbook.not_graded_stopped"),
        _ => None,
    }
}

/// The object an event changes, for highlighting.
fn touched_object(kind: &EventKind) -> Option<&str> {
    match kind {
        EventKind::Acquired { object }
        | EventKind::Released { object }
        | EventKind::Put { object, .. }
        | EventKind::Got { object, .. }
        | EventKind::TaskDone { object }
        | EventKind::EventSet { object }
        | EventKind::EventCleared { object }
        | EventKind::Sent { object, .. }
        | EventKind::Received { object, .. }
        | EventKind::ValueWritten { object, .. }
        | EventKind::FileChanged { object, .. }
        | EventKind::Waiting { object, .. } => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
