//! The TUI's state as plain data, and how it changes: keys become `Action`s (keys.rs), an
//! action or a runtime event updates the `App`, and anything that must touch the running lesson
//! comes back as an `Effect` for the loop to carry out. No terminal and no processes here, so
//! whole-app tests drive it with synthetic keys and events.

mod workbook;

use std::collections::HashMap;
use std::sync::Arc;

use crate::event::{Event, EventKind};
use crate::lesson::{KnobKind, KnobValues, Lesson};
use crate::text::Lang;
use crate::trace::{ProcState, World};
use crate::value::Value;

pub use workbook::Workbook;

use super::screens::picker::{Picker, filtered};
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
    /// SIGKILL the chosen process.
    KillLane,
}

/// What the loop must do to the running lesson.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Stop any run and start this lesson with these knob overrides (paused when asked).
    Start {
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        speed: f64,
        paused: bool,
    },
    Stop,
    Pause,
    Resume,
    /// Grant one step to the process in this gate slot.
    Grant(u32),
    /// SIGKILL this process of the run.
    Kill(i32),
    SetSpeed(f64),
    /// Run the lesson `n` times in the background and send the tally back.
    ManyRuns {
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        n: usize,
        run_id: u64,
    },
    /// Save to the student's progress: a finished run, checked predictions, tasks reached.
    Record {
        lesson: String,
        answers: Vec<(String, String, bool)>,
        tasks: Vec<String>,
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

/// The knob editor overlay.
#[derive(Clone, Debug, PartialEq)]
pub struct KnobEditor {
    pub selected: usize,
    /// Values being edited, in knob order.
    pub values: Vec<Value>,
}

/// What is drawn over the screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Knobs(KnobEditor),
}

/// An open lesson.
#[derive(Clone, Debug)]
pub struct LessonView {
    pub lesson: Arc<Lesson>,
    /// The knob values of the run shown (every knob, typed).
    pub knobs: KnobValues,
    pub world: World,
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
    pub quit: bool,
    /// The student's progress as last loaded or saved.
    pub progress: crate::progress::Progress,
    next_run: u64,
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
            quit: false,
            progress: crate::progress::Progress::default(),
            next_run: 0,
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
        let predict = !lesson.questions.is_empty();
        let effects = self.open_view(lesson, knobs, speed, Workbook::default(), predict);
        if predict { Vec::new() } else { effects }
    }

    /// Opens (or reopens) a lesson view; the effect that starts its run.
    fn open_view(
        &mut self,
        lesson: Arc<Lesson>,
        knobs: KnobValues,
        speed: f64,
        workbook: Workbook,
        ready: bool,
    ) -> Vec<Effect> {
        let knobs = lesson.knobs_with(&knobs);
        self.next_run += 1;
        let workbook = if workbook.hints.is_empty() { Workbook::new(&lesson) } else { workbook };
        let view = LessonView {
            lesson: Arc::clone(&lesson),
            knobs: knobs.clone(),
            world: World::default(),
            mode: if ready { Mode::Ready } else { Mode::Running },
            speed,
            tab: if ready { Tab::Workbook } else { Tab::Code },
            selected: None,
            run_id: self.next_run,
            touched: HashMap::new(),
            now_ns: 0,
            slots: HashMap::new(),
            workbook,
        };
        self.screen = Screen::Lesson(Box::new(view));
        self.overlay = Overlay::None;
        self.notice = None;
        vec![Effect::Start { lesson, knobs, speed, paused: false }]
    }

    /// The id of the run the open lesson shows.
    pub fn run_id(&self) -> Option<u64> {
        self.view().map(|v| v.run_id)
    }

    /// Folds one runtime event of run `run_id` into the view; when the run ends, the workbook
    /// checks the predictions and tasks against it and asks for them to be recorded.
    pub fn on_event(&mut self, run_id: u64, ev: &Event) -> Vec<Effect> {
        let Some(view) = self.view_mut() else { return Vec::new() };
        if view.run_id != run_id {
            return Vec::new();
        }
        view.world.apply(ev);
        view.now_ns = view.now_ns.max(ev.t_ns);
        if let EventKind::Started { slot, .. } = &ev.kind {
            view.slots.insert(ev.pid, *slot);
            view.selected.get_or_insert(0);
        }
        if let Some(object) = touched_object(&ev.kind) {
            view.touched.insert(object.to_string(), ev.t_ns);
        }
        if !matches!(ev.kind, EventKind::RunEnded { .. }) {
            return Vec::new();
        }
        view.mode = Mode::Finished;
        let verdicts = crate::workbook::judge(&view.lesson, &view.world, &view.knobs);
        let (answers, tasks) = view.workbook.finish_run(&view.lesson, verdicts);
        if !view.lesson.questions.is_empty() || !view.lesson.tasks.is_empty() {
            view.tab = Tab::Workbook;
        }
        vec![Effect::Record { lesson: view.lesson.id.clone(), answers, tasks }]
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
            Action::Quit => {
                self.quit = true;
                vec![Effect::Stop]
            }
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help { Overlay::None } else { Overlay::Help };
                Vec::new()
            }
            Action::CloseOverlay => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            Action::ToggleLang => {
                self.lang = self.lang.toggled();
                Vec::new()
            }
            Action::Back => match self.screen {
                Screen::Picker => {
                    self.quit = true;
                    vec![Effect::Stop]
                }
                Screen::Lesson(_) => {
                    self.screen = Screen::Picker;
                    self.overlay = Overlay::None;
                    vec![Effect::Stop]
                }
            },
            Action::PickerMove(d) => {
                let n = filtered(&self.catalog, &self.picker.filter).len();
                if n > 0 {
                    self.picker.selected = (self.picker.selected as i64 + i64::from(d)).rem_euclid(n as i64) as usize;
                }
                Vec::new()
            }
            Action::StartFilter => {
                self.picker.typing = true;
                Vec::new()
            }
            Action::FilterClear => {
                self.picker = Picker::default();
                Vec::new()
            }
            Action::FilterPush(c) => {
                self.picker.filter.push(c);
                self.picker.selected = 0;
                Vec::new()
            }
            Action::FilterPop => {
                if self.picker.filter.pop().is_none() {
                    self.picker.typing = false;
                }
                self.picker.selected = 0;
                Vec::new()
            }
            Action::PickerOpen => {
                let matches = filtered(&self.catalog, &self.picker.filter);
                let Some(&at) = matches.get(self.picker.selected) else { return Vec::new() };
                // Back in the picker later, the list is whole again with this lesson selected.
                self.picker = Picker { selected: at, ..Picker::default() };
                match self.catalog.get(at).cloned() {
                    Some(lesson) => self.open(lesson, KnobValues::new(), 1.0),
                    None => Vec::new(),
                }
            }
            Action::OpenKnobs => {
                if let Some(view) = self.view() {
                    let values = view
                        .lesson
                        .knobs
                        .iter()
                        .map(|k| view.knobs.get(&k.name).cloned().unwrap_or(Value::None))
                        .collect();
                    self.overlay = Overlay::Knobs(KnobEditor { selected: 0, values });
                }
                Vec::new()
            }
            Action::KnobMove(d) => {
                let count = self.view().map_or(0, |v| v.lesson.knobs.len());
                if let Overlay::Knobs(ed) = &mut self.overlay
                    && count > 0
                {
                    ed.selected = (ed.selected as i64 + i64::from(d)).rem_euclid(count as i64) as usize;
                }
                Vec::new()
            }
            Action::KnobChange(d) => {
                let Some(lesson) = self.view().map(|v| Arc::clone(&v.lesson)) else { return Vec::new() };
                if let Overlay::Knobs(ed) = &mut self.overlay
                    && let (Some(knob), Some(value)) = (lesson.knobs.get(ed.selected), ed.values.get_mut(ed.selected))
                {
                    *value = step_knob(&knob.kind, value, d);
                }
                Vec::new()
            }
            Action::KnobApply => {
                let Overlay::Knobs(ed) = std::mem::replace(&mut self.overlay, Overlay::None) else { return Vec::new() };
                let Some(view) = self.view() else { return Vec::new() };
                let knobs: KnobValues = view.lesson.knobs.iter().map(|k| k.name.clone()).zip(ed.values).collect();
                let (lesson, speed, wb) = (Arc::clone(&view.lesson), view.speed, view.workbook.clone());
                let ready = view.mode == Mode::Ready;
                let effects = self.open_view(lesson, knobs, speed, wb, ready);
                if ready { Vec::new() } else { effects }
            }
            Action::Restart => match self.view() {
                Some(v) => {
                    let (lesson, knobs, speed, wb) =
                        (Arc::clone(&v.lesson), v.knobs.clone(), v.speed, v.workbook.clone());
                    self.open_view(lesson, knobs, speed, wb, false)
                }
                None => Vec::new(),
            },
            Action::WorkbookMove(d) => {
                if let Some(v) = self.view_mut() {
                    v.workbook.move_row(d);
                }
                Vec::new()
            }
            Action::AnswerChange(d) => {
                if let Some(v) = self.view_mut() {
                    v.workbook.change(&Arc::clone(&v.lesson), d);
                }
                Vec::new()
            }
            Action::AnswerDigit(c) => {
                if let Some(v) = self.view_mut() {
                    v.workbook.type_digit(&Arc::clone(&v.lesson), c);
                }
                Vec::new()
            }
            Action::Hint => {
                if let Some(v) = self.view_mut() {
                    v.workbook.hint(&Arc::clone(&v.lesson));
                }
                Vec::new()
            }
            Action::ManyRuns => match self.view_mut() {
                Some(v) if matches!(v.mode, Mode::Ready | Mode::Finished) && v.workbook.many_running.is_none() => {
                    v.workbook.many_running = Some((0, MANY_RUNS));
                    v.tab = Tab::Workbook;
                    vec![Effect::ManyRuns {
                        lesson: Arc::clone(&v.lesson),
                        knobs: v.knobs.clone(),
                        n: MANY_RUNS,
                        run_id: v.run_id,
                    }]
                }
                _ => Vec::new(),
            },
            Action::SwitchTab => {
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
            Action::Faster | Action::Slower => {
                let Some(v) = self.view_mut() else { return Vec::new() };
                let at = SPEEDS.iter().position(|s| *s >= v.speed).unwrap_or(2);
                let next = if action == Action::Faster { (at + 1).min(SPEEDS.len() - 1) } else { at.saturating_sub(1) };
                v.speed = SPEEDS[next];
                vec![Effect::SetSpeed(v.speed)]
            }
            Action::TogglePause => {
                let Some(v) = self.view_mut() else { return Vec::new() };
                match v.mode {
                    Mode::Ready => {
                        v.mode = Mode::Running;
                        v.tab = Tab::Code;
                        vec![Effect::Start {
                            lesson: Arc::clone(&v.lesson),
                            knobs: v.knobs.clone(),
                            speed: v.speed,
                            paused: false,
                        }]
                    }
                    Mode::Running => {
                        v.mode = Mode::Paused;
                        vec![Effect::Pause]
                    }
                    Mode::Paused => {
                        v.mode = Mode::Running;
                        vec![Effect::Resume]
                    }
                    Mode::Finished => self.update(Action::Restart),
                }
            }
            Action::NextLane(d) => {
                if let Some(v) = self.view_mut() {
                    // Lanes are drawn as a tree: Tab walks them in the order they are drawn.
                    let order: Vec<usize> = v.world.tree_order().into_iter().map(|(i, _)| i).collect();
                    if !order.is_empty() {
                        let at = v.selected.and_then(|s| order.iter().position(|&i| i == s)).unwrap_or(0) as i64;
                        v.selected = Some(order[(at + i64::from(d)).rem_euclid(order.len() as i64) as usize]);
                    }
                }
                Vec::new()
            }
            Action::SelectLane(i) => {
                // Lane i as drawn (the tree order), not the order the processes started in.
                if let Some(v) = self.view_mut()
                    && let Some(&(index, _)) = v.world.tree_order().get(i)
                {
                    v.selected = Some(index);
                }
                Vec::new()
            }
            Action::Step => self.step(),
            Action::KillLane => {
                let lang = self.lang;
                let chosen = self.view().and_then(|v| v.selected.and_then(|i| v.world.processes.get(i)));
                let Some((pid, name, alive)) = chosen.map(|p| (p.pid, p.name.clone(), p.state.is_alive())) else {
                    return Vec::new();
                };
                if !alive {
                    self.notice = Some(format!("{name} {}", lang.pick("has already ended", "已经结束了")));
                    return Vec::new();
                }
                self.notice = Some(format!("kill -9 {pid} ({name})"));
                vec![Effect::Kill(pid)]
            }
        }
    }

    /// One step for the chosen process; in Running mode it pauses first (stepping starts).
    fn step(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        let Some(v) = self.view_mut() else { return Vec::new() };
        let mut effects = Vec::new();
        if v.mode == Mode::Ready {
            // Start held at the first step: the student schedules from the very beginning.
            v.mode = Mode::Paused;
            v.tab = Tab::Code;
            return vec![Effect::Start {
                lesson: Arc::clone(&v.lesson),
                knobs: v.knobs.clone(),
                speed: v.speed,
                paused: true,
            }];
        }
        if v.mode == Mode::Running {
            v.mode = Mode::Paused;
            effects.push(Effect::Pause);
        }
        let Some(p) = v.selected.and_then(|i| v.world.processes.get(i)) else { return effects };
        let why = match &p.state {
            _ if p.gated => None,
            ProcState::Blocked { object, .. } => {
                Some(format!("{} {} {object}", p.name, lang.pick("is blocked on", "正阻塞在")))
            }
            ProcState::Zombie { .. } | ProcState::Exited { .. } | ProcState::Killed { .. } => {
                Some(format!("{} {}", p.name, lang.pick("has finished", "已经结束")))
            }
            _ => Some(format!("{} {}", p.name, lang.pick("is not at a step gate yet", "还没停在单步门口"))),
        };
        match (why, v.slots.get(&p.pid)) {
            (None, Some(slot)) => effects.push(Effect::Grant(*slot)),
            (Some(why), _) => self.notice = Some(why),
            (None, None) => {}
        }
        effects
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
        | EventKind::FileWritten { object, .. }
        | EventKind::Waiting { object, .. } => Some(object),
        _ => None,
    }
}

/// A knob value one notch up or down (bools flip, ints stay in range, choices cycle).
fn step_knob(kind: &KnobKind, value: &Value, d: i32) -> Value {
    match (kind, value) {
        (KnobKind::Bool, Value::Bool(b)) => Value::Bool(!b),
        (KnobKind::Int { min, max }, Value::Int(i)) => Value::Int((i + i64::from(d)).clamp(*min, *max)),
        (KnobKind::Choice { choices }, Value::Str(s)) => {
            let at = choices.iter().position(|c| c == s).unwrap_or(0) as i64;
            let next = (at + i64::from(d)).rem_euclid(choices.len().max(1) as i64) as usize;
            choices.get(next).map_or_else(|| value.clone(), |c| Value::Str(c.clone()))
        }
        _ => value.clone(),
    }
}
