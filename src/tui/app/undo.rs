//! `u` in step mode: undo the student's last grant. Real processes cannot run backwards, so the
//! lesson runs again — same knobs, same seed — held at its first step, and the grants so far
//! but the last are given again one at a time, each let finish (its process reaches its next
//! gate, blocks, or ends) before the next, as `--schedule` does. The footer says so.

use std::collections::VecDeque;

use super::{App, Effect, LessonView, Mode};
use crate::event::EventKind;

/// Grants to give again after an undo, and the one under way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// The processes still to step, in order.
    pub left: VecDeque<String>,
    /// The process whose step was granted and has not finished yet.
    pub stepping: Option<String>,
}

impl Replay {
    /// Whether steps are still being given again.
    pub fn busy(&self) -> bool {
        !self.left.is_empty() || self.stepping.is_some()
    }
}

impl LessonView {
    /// Follows the rerun after an undo, at the event just folded: a granted step that
    /// finished lets the next grant go.
    pub(super) fn replay_on_last(&mut self) -> Vec<Effect> {
        if !self.replay.busy() {
            return Vec::new();
        }
        let Some(ev) = self.history.events().last() else { return Vec::new() };
        let about = match &ev.kind {
            EventKind::Reaped { child, .. } => *child,
            _ => ev.pid,
        };
        let step_over = matches!(
            ev.kind,
            EventKind::Gated
                | EventKind::Waiting { .. }
                | EventKind::Exiting { .. }
                | EventKind::Reaped { .. }
                | EventKind::Kernel { state: 'Z' | 'X', .. }
        );
        let name = self.world().proc_by_pid(about).map(|p| p.name.clone());
        if step_over && name.is_some() && self.replay.stepping == name {
            self.replay.stepping = None;
        }
        self.grant_next()
    }

    /// Grants the next step of the replay when the last one finished and its process waits at
    /// its gate; passes over a process that is gone.
    fn grant_next(&mut self) -> Vec<Effect> {
        while self.replay.stepping.is_none() {
            let Some(name) = self.replay.left.front() else { return Vec::new() };
            let Some(p) = self.world().proc_by_name(name) else { return Vec::new() };
            if !p.state.is_alive() {
                self.replay.left.pop_front();
                continue;
            }
            let (true, Some(&slot)) = (p.gated, self.slots.get(&p.pid)) else { return Vec::new() };
            let name = p.name.clone();
            self.replay.left.pop_front();
            self.grants.push(name.clone());
            self.replay.stepping = Some(name);
            return vec![Effect::Grant(slot)];
        }
        Vec::new()
    }
}

impl App {
    /// `u`: runs the lesson again, held, and grants the steps so far but the last again.
    pub(super) fn undo(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        let Some(v) = self.view() else { return Vec::new() };
        if v.mode != Mode::Paused || v.replay.busy() {
            let key = if v.replay.busy() { "notice.undo_busy" } else { "notice.undo_stepping_only" };
            self.notice = Some(lang.t(key).to_string());
            return Vec::new();
        }
        let Some((_, earlier)) = v.grants.split_last() else {
            self.notice = Some(lang.t("notice.undo_nothing").to_string());
            return Vec::new();
        };
        let (earlier, seed, selected) = (earlier.to_vec(), v.seed, v.selected);
        let mut effects = self.run_again(Mode::Paused);
        let Some(v) = self.view_mut() else { return effects };
        v.seed = seed;
        v.selected = selected;
        v.replay = Replay { left: earlier.iter().cloned().collect(), stepping: None };
        // The run restarts with the seed of the run undone, not a new one.
        for effect in &mut effects {
            if let Effect::Start { seed: s, .. } = effect {
                *s = seed;
            }
        }
        self.notice = Some(lang.t_with("notice.undo", &[("n", &earlier.len())]));
        effects
    }
}
