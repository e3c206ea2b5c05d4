//! `History`: a run's events kept in order, with the World after any of them on demand — the
//! rewind cursor's backend. The World is a pure fold, so the World after event `i` is the
//! nearest checkpoint at or before `i` with the events after it folded in. A checkpoint holds
//! only the World's present state: its append-only logs (output, state histories, gate
//! histories, anomalies, losses) are prefixes of the live World's, so a checkpoint stores
//! their lengths and a restore copies those prefixes back (checkpoint.rs).

mod checkpoint;
pub mod synthetic;

use crate::event::Event;

use super::World;
use checkpoint::Checkpoint;

/// Events between two checkpoints: a jump folds at most this many events after copying a
/// checkpoint, and a checkpoint costs the World's present state, not its logs.
pub const CHECKPOINT_EVERY: usize = 1024;

/// A run's events with checkpoints of the World, so the World after any event is at hand.
#[derive(Clone, Debug)]
pub struct History {
    events: Vec<Event>,
    /// The World after every event.
    live: World,
    /// Checkpoint `k` is the World after the first `k * every` events.
    checkpoints: Vec<Checkpoint>,
    every: usize,
}

impl Default for History {
    fn default() -> History {
        History::with_checkpoints_every(CHECKPOINT_EVERY)
    }
}

impl History {
    /// A history that checkpoints every `every` events (at least 1): tests use small numbers
    /// so that short real runs cross many checkpoints.
    pub fn with_checkpoints_every(every: usize) -> History {
        History { events: Vec::new(), live: World::default(), checkpoints: Vec::new(), every: every.max(1) }
    }

    /// Folds `ev` into the live World and keeps it; every `every` events, a checkpoint.
    pub fn push(&mut self, ev: Event) {
        if self.events.len().is_multiple_of(self.every) {
            self.checkpoints.push(Checkpoint::take(&mut self.live));
        }
        self.live.apply(&ev);
        self.events.push(ev);
    }

    /// How many events were pushed.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The World after every event pushed.
    pub fn live(&self) -> &World {
        &self.live
    }

    /// The events pushed, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The World after the first `i` events (`i` past the end: after all of them).
    pub fn world_at(&self, i: usize) -> World {
        let i = i.min(self.events.len());
        if i == self.events.len() {
            return self.live.clone();
        }
        let k = (i / self.every).min(self.checkpoints.len().saturating_sub(1));
        let mut world = match self.checkpoints.get(k) {
            Some(c) => c.restore(&self.live),
            None => World::default(),
        };
        for ev in &self.events[k * self.every..i] {
            world.apply(ev);
        }
        world
    }
}

#[cfg(test)]
mod tests;
