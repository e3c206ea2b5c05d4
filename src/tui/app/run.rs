//! Controls of the open lesson's run: start, pause and go on, one step for the chosen process,
//! choosing that process, speed, restart, killing a process, and many runs in the background.

use std::sync::Arc;

use super::{App, Effect, MANY_RUNS, Mode, SPEEDS, Tab};
use crate::trace::ProcState;

impl App {
    /// Space: starts the run after the predictions, pauses or resumes it, or runs it again.
    pub(super) fn toggle_pause(&mut self) -> Vec<Effect> {
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
            Mode::Finished => self.restart(),
        }
    }

    /// Starts the lesson's run again, with the same knobs, speed and predictions.
    pub(super) fn restart(&mut self) -> Vec<Effect> {
        let Some(v) = self.view() else { return Vec::new() };
        let (lesson, knobs, speed, wb) = (Arc::clone(&v.lesson), v.knobs.clone(), v.speed, v.workbook.clone());
        self.open_view(lesson, knobs, speed, wb, false)
    }

    /// One step for the chosen process; in Running mode it pauses first (stepping starts).
    pub(super) fn step(&mut self) -> Vec<Effect> {
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
                Some(lang.t_with("notice.blocked_on", &[("name", &p.name), ("object", object)]))
            }
            ProcState::Zombie { .. } | ProcState::Exited { .. } | ProcState::Killed { .. } => {
                Some(lang.t_with("notice.finished", &[("name", &p.name)]))
            }
            _ => Some(lang.t_with("notice.not_at_gate", &[("name", &p.name)])),
        };
        match (why, v.slots.get(&p.pid)) {
            (None, Some(slot)) => effects.push(Effect::Grant(*slot)),
            (Some(why), _) => self.notice = Some(why),
            (None, None) => {}
        }
        effects
    }

    /// Chooses the next / previous lane in the order they are drawn (a tree).
    pub(super) fn next_lane(&mut self, d: i32) -> Vec<Effect> {
        if let Some(v) = self.view_mut() {
            let order: Vec<usize> = v.world.tree_order().into_iter().map(|(i, _)| i).collect();
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
            && let Some(&(index, _)) = v.world.tree_order().get(i)
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
        let chosen = self.view().and_then(|v| v.selected.and_then(|i| v.world.processes.get(i)));
        let Some((pid, name, alive)) = chosen.map(|p| (p.pid, p.name.clone(), p.state.is_alive())) else {
            return Vec::new();
        };
        if !alive {
            self.notice = Some(lang.t_with("notice.already_ended", &[("name", &name)]));
            return Vec::new();
        }
        self.notice = Some(format!("kill -9 {pid} ({name})"));
        vec![Effect::Kill(pid)]
    }

    /// Many runs of the lesson in the background, when no run is going and none are already.
    pub(super) fn many_runs(&mut self) -> Vec<Effect> {
        match self.view_mut() {
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
        }
    }
}
