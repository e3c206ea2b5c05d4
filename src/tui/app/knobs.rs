//! The knob editor: the knob values being changed one notch at a time, and the restart that
//! applies them (before the run, the lesson stays waiting for predictions).

use std::sync::Arc;

use super::{App, Effect, Overlay};
use crate::lesson::{KnobKind, KnobValues};
use crate::value::Value;

/// The knob editor overlay.
#[derive(Clone, Debug, PartialEq)]
pub struct KnobEditor {
    pub selected: usize,
    /// Values being edited, in knob order.
    pub values: Vec<Value>,
}

impl App {
    /// Opens the editor on the open lesson's knob values.
    pub(super) fn open_knobs(&mut self) -> Vec<Effect> {
        if let Some(view) = self.view() {
            let values =
                view.lesson.knobs.iter().map(|k| view.knobs.get(&k.name).cloned().unwrap_or(Value::None)).collect();
            self.overlay = Overlay::Knobs(KnobEditor { selected: 0, values });
        }
        Vec::new()
    }

    /// Chooses the next / previous knob, wrapping around.
    pub(super) fn move_knob(&mut self, d: i32) -> Vec<Effect> {
        let count = self.view().map_or(0, |v| v.lesson.knobs.len());
        if let Overlay::Knobs(ed) = &mut self.overlay
            && count > 0
        {
            ed.selected = (ed.selected as i64 + i64::from(d)).rem_euclid(count as i64) as usize;
        }
        Vec::new()
    }

    /// Turns the chosen knob one notch.
    pub(super) fn change_knob(&mut self, d: i32) -> Vec<Effect> {
        let Some(lesson) = self.view().map(|v| Arc::clone(&v.lesson)) else { return Vec::new() };
        if let Overlay::Knobs(ed) = &mut self.overlay
            && let (Some(knob), Some(value)) = (lesson.knobs.get(ed.selected), ed.values.get_mut(ed.selected))
        {
            *value = step_knob(&knob.kind, value, d);
        }
        Vec::new()
    }

    /// Closes the editor and reopens the lesson with its values, with a new seed: a lesson still
    /// waiting for predictions keeps waiting, a stepping student's run starts paused, and new
    /// knobs after predicting start a new round that waits for predictions for them.
    pub(super) fn apply_knobs(&mut self) -> Vec<Effect> {
        let Overlay::Knobs(ed) = std::mem::replace(&mut self.overlay, Overlay::None) else { return Vec::new() };
        let Some(view) = self.view() else { return Vec::new() };
        let knobs: KnobValues = view.lesson.knobs.iter().map(|k| k.name.clone()).zip(ed.values).collect();
        let (lesson, speed, wb) = (Arc::clone(&view.original), view.speed, view.workbook.clone());
        let start = view.next_start();
        self.open_view(lesson, knobs, speed, wb, start)
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
