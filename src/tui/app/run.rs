//! Controls of the open lesson's run: start, pause and go on, one step for the chosen process,
//! choosing that process, speed, restart, killing a process, ending a run that can no longer
//! move, many runs in the background, and scrolling the output. A new run starts as the
//! student was going: stepping stays paused.

use std::sync::Arc;
use std::time::Duration;

use super::{App, Effect, MANY_RUNS, Mode, SPEEDS, Tab};
use crate::event::RunOutcome;
use crate::trace::{ProcState, deadlock};

impl App {
    /// Space: starts the run after the predictions, pauses or resumes it, or runs it again.
    pub(super) fn toggle_pause(&mut self) -> Vec<Effect> {
        let Some(v) = self.view_mut() else { return Vec::new() };
        // Rewound: space goes back to the live run first.
        v.resume_at_end = false;
        v.show_live();
        match v.mode {
            Mode::Ready => {
                v.go(Mode::Running);
                v.tab = Tab::Code;
                vec![v.start_effect()]
            }
            Mode::Running => {
                v.go(Mode::Paused);
                vec![Effect::Pause]
            }
            Mode::Paused => {
                v.go(Mode::Running);
                vec![Effect::Resume]
            }
            Mode::Finished => self.run_again(Mode::Running),
        }
    }

    /// `r`: starts the lesson's run again, with the same knobs, speed and predictions, paused
    /// if the student was stepping.
    pub(super) fn restart(&mut self) -> Vec<Effect> {
        match self.view() {
            Some(v) => self.run_again(v.next_start()),
            None => Vec::new(),
        }
    }

    /// A new run of the open lesson with its knobs, speed and predictions, started in `start`.
    pub(super) fn run_again(&mut self, start: Mode) -> Vec<Effect> {
        let Some(v) = self.view() else { return Vec::new() };
        let (lesson, knobs, speed, wb) = (Arc::clone(&v.original), v.knobs.clone(), v.speed, v.workbook.clone());
        self.open_view(lesson, knobs, speed, wb, start)
    }

    /// One step for the chosen process; in Running mode it pauses first (stepping starts).
    pub(super) fn step(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        let Some(v) = self.view_mut() else { return Vec::new() };
        if v.replay.busy() {
            self.notice = Some(lang.t("notice.undo_busy").to_string());
            return Vec::new();
        }
        // A step acts on the live run, whatever the cursor shows.
        v.resume_at_end = false;
        v.show_live();
        let mut effects = Vec::new();
        match v.mode {
            Mode::Ready => {
                // Start held at the first step: the student schedules from the very beginning.
                v.go(Mode::Paused);
                v.tab = Tab::Code;
                return vec![v.start_effect()];
            }
            // After a run, the next one starts held at its first step.
            Mode::Finished => return self.run_again(Mode::Paused),
            Mode::Running => {
                v.go(Mode::Paused);
                effects.push(Effect::Pause);
            }
            Mode::Paused => {}
        }
        let Some(p) = v.selected.and_then(|i| v.world().processes.get(i)) else { return effects };
        let why = match &p.state {
            _ if p.gated => None,
            ProcState::Blocked { object, .. } => {
                Some(lang.t_with("notice.blocked_on", &[("name", &p.name), ("object", object)]))
            }
            ProcState::Zombie { .. } | ProcState::Exited { .. } | ProcState::Killed { .. } => {
                Some(lang.t_with("notice.finished", &[("name", &p.name)]))
            }
            _ => Some(lang.t_with("notice.not_at_gate", &[("name", &p.name)])),
        };
        let name = p.name.clone();
        match (why, v.slots.get(&p.pid)) {
            (None, Some(slot)) => {
                effects.push(Effect::Grant(*slot));
                v.grants.push(name);
            }
            (Some(why), _) => self.notice = Some(why),
            (None, None) => {}
        }
        effects
    }

    /// How to end the run shown, if it can no longer move: `trace::deadlock::verdict` on its
    /// world, `quiet_for` being the wall time since its last event. Given once per run, so the
    /// loop stops it once; `None` before the run starts and after it ended.
    pub fn due_verdict(&mut self, quiet_for: Duration) -> Option<RunOutcome> {
        let v = self.view_mut()?;
        if v.verdict_given || !matches!(v.mode, Mode::Running | Mode::Paused) {
            return None;
        }
        let outcome = deadlock::verdict(v.history.live(), quiet_for)?;
        v.verdict_given = true;
        Some(outcome)
    }

    /// Chooses the next / previous lane in the order they are drawn (a tree).
    pub(super) fn next_lane(&mut self, d: i32) -> Vec<Effect> {
        if let Some(v) = self.view_mut() {
            let order: Vec<usize> = v.world().tree_order().into_iter().map(|(i, _)| i).collect();
            if !order.is_empty() {
                let at = v.selected.and_then(|s| order.iter().position(|&i| i == s)).unwrap_or(0) as i64;
                v.selected = Some(order[(at + i64::from(d)).rem_euclid(order.len() as i64) as usize]);
            }
        }
        Vec::new()
    }

    /// Chooses lane `i` as drawn (the tree order), not the order the processes started in.
    pub(super) fn select_lane(&mut self, i: usize) -> Vec<Effect> {
        if let Some(v) = self.view_mut()
            && let Some(&(index, _)) = v.world().tree_order().get(i)
        {
            v.selected = Some(index);
        }
        Vec::new()
    }

    /// The next speed of `SPEEDS` up (`faster`) or down.
    pub(super) fn change_speed(&mut self, faster: bool) -> Vec<Effect> {
        let Some(v) = self.view_mut() else { return Vec::new() };
        let at = SPEEDS.iter().position(|s| *s >= v.speed).unwrap_or(2);
        let next = if faster { (at + 1).min(SPEEDS.len() - 1) } else { at.saturating_sub(1) };
        v.speed = SPEEDS[next];
        vec![Effect::SetSpeed(v.speed)]
    }

    /// SIGKILL for the chosen process, or a notice that it has already ended.
    pub(super) fn kill_lane(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        let chosen = self.view().and_then(|v| v.selected.and_then(|i| v.history.live().processes.get(i)));
        let Some((pid, name, alive)) = chosen.map(|p| (p.pid, p.name.clone(), p.state.is_alive())) else {
            return Vec::new();
        };
        if !alive {
            self.notice = Some(lang.t_with("notice.already_ended", &[("name", &name)]));
            return Vec::new();
        }
        self.notice = Some(format!("kill -9 {pid} ({name})"));
        if let Some(v) = self.view_mut() {
            v.killed = true;
        }
        vec![Effect::Kill(pid)]
    }

    /// Many runs of the lesson in the background, when no run is going and none are already,
    /// and only once the student has predicted for these knobs (the tally would give the
    /// answers away); they draw a new first seed, as any new run does.
    pub(super) fn many_runs(&mut self) -> Vec<Effect> {
        let idle = self
            .view()
            .is_some_and(|v| matches!(v.mode, Mode::Ready | Mode::Finished) && v.workbook.many_running.is_none());
        if !idle {
            return Vec::new();
        }
        let unpredicted = self.view().is_some_and(|v| !v.lesson.questions.is_empty() && !v.workbook.predicted());
        if unpredicted {
            self.notice = Some(self.lang.t("notice.predict_first").to_string());
            if let Some(v) = self.view_mut() {
                v.tab = Tab::Workbook;
            }
            return Vec::new();
        }
        let seed = self.seeds.draw();
        let Some(v) = self.view_mut() else { return Vec::new() };
        v.workbook.many_running = Some((0, MANY_RUNS));
        v.workbook.many_seed = Some(seed);
        v.tab = Tab::Workbook;
        vec![Effect::ManyRuns {
            lesson: Arc::clone(&v.lesson),
            knobs: v.knobs.clone(),
            n: MANY_RUNS,
            run_id: v.run_id,
            seed,
        }]
    }

    /// `.`: lets the run go until its next interesting event (`rewind::interesting`), which
    /// pauses it; from before the run, it starts it.
    pub(super) fn run_to_interesting(&mut self) -> Vec<Effect> {
        let Some(v) = self.view_mut() else { return Vec::new() };
        if v.replay.busy() {
            return Vec::new();
        }
        v.resume_at_end = false;
        v.show_live();
        v.until_interesting = true;
        match v.mode {
            Mode::Ready | Mode::Finished => {
                let effects = self.run_again(Mode::Running);
                if let Some(v) = self.view_mut() {
                    v.until_interesting = true;
                }
                effects
            }
            Mode::Running => Vec::new(),
            Mode::Paused => {
                v.mode = Mode::Running;
                vec![Effect::Resume]
            }
        }
    }

    /// Scrolls the output pane by `d` lines (negative: back to older lines); scrolled to the
    /// newest line, it follows the output again.
    pub(super) fn scroll_output(&mut self, d: i32) -> Vec<Effect> {
        if let Some(v) = self.view_mut() {
            let len = v.world().output.len() as i64;
            let until = v.output_until.map_or(len, |u| u as i64) + i64::from(d);
            v.output_until = if until >= len || len == 0 { None } else { Some(until.max(1) as usize) };
        }
        Vec::new()
    }

    /// `w`: asks the loop to save the run on screen (it keeps the run's events).
    pub(super) fn save_run(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        match self.view() {
            Some(v) if v.mode != Mode::Ready => vec![Effect::SaveRun {
                lesson: Arc::clone(&v.lesson),
                knobs: v.knobs.clone(),
                seed: v.seed,
                speed: v.speed,
            }],
            _ => {
                self.notice = Some(lang.t("notice.nothing_to_save").to_string());
                Vec::new()
            }
        }
    }
}
