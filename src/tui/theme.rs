//! The one place for colours and symbols: per process phase (the lanes, the timeline and the
//! `?` legend all read them here), for a lane caught in a deadlock or stall, per process lane,
//! for code highlighting and for chrome. `NO_COLOR` (or a 16-colour terminal) is one switch
//! here; with colours off every style falls back to bold/reversed/plain so states stay readable.

use ratatui::style::{Color, Modifier, Style};

use crate::event::RunOutcome;
use crate::trace::Phase;

/// Colours and symbols of the TUI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// False under NO_COLOR: only modifiers (bold, reversed, dim) are used.
    pub color: bool,
}

/// What ended a run with some processes caught: their lanes are marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caught {
    /// A wait-for cycle (a deadlock).
    Cycle,
    /// A stall: every live process waited and nobody could wake them.
    Stall,
}

impl Caught {
    pub const ALL: [Caught; 2] = [Caught::Cycle, Caught::Stall];

    /// How `outcome` caught its processes, if it did.
    pub fn of(outcome: &RunOutcome) -> Option<Caught> {
        match outcome {
            RunOutcome::Deadlocked { .. } => Some(Caught::Cycle),
            RunOutcome::Stuck { .. } => Some(Caught::Stall),
            _ => None,
        }
    }
}

/// Lane colours, cycled by process index; only the 16 basic colours, so they work anywhere.
const LANE_COLORS: [Color; 6] = [Color::Cyan, Color::Magenta, Color::Yellow, Color::Green, Color::Blue, Color::Red];

impl Theme {
    /// From the environment: colours unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    /// Without colours (tests, NO_COLOR).
    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// The colour of process number `index` (its lane, its cursor in the code, its output).
    pub fn lane(&self, index: usize) -> Style {
        self.fg(LANE_COLORS[index % LANE_COLORS.len()])
    }

    /// A short symbol for a phase (one cell wide), in the lanes and the details line.
    pub fn symbol(&self, phase: Phase) -> &'static str {
        match phase {
            Phase::Running => "▶",
            Phase::Held => "‖",
            Phase::Sleeping => "z",
            Phase::Blocked => "■",
            Phase::Zombie => "Z",
            Phase::Exited => "✓",
            Phase::Failed => "✗",
        }
    }

    /// A phase on the timeline: the mark that starts a stretch of it and the glyph that fills
    /// the rest, different for every phase so the timeline reads without colour.
    pub fn timeline(&self, phase: Phase) -> (&'static str, &'static str) {
        match phase {
            Phase::Running => ("R", "█"),
            Phase::Held => ("H", "▁"),
            Phase::Sleeping => ("s", "░"),
            Phase::Blocked => ("B", "─"),
            Phase::Zombie => ("Z", "·"),
            Phase::Exited => ("✓", " "),
            Phase::Failed => ("✗", " "),
        }
    }

    /// The mark of a lane caught in a deadlock or a stall (one cell wide); drawn in `error`.
    pub fn caught(&self, caught: Caught) -> &'static str {
        match caught {
            Caught::Cycle => "↻",
            Caught::Stall => "⊘",
        }
    }

    /// The style of a phase.
    pub fn state(&self, phase: Phase) -> Style {
        match phase {
            Phase::Running => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Phase::Held => self.gated(),
            Phase::Sleeping => self.fg(Color::Blue),
            Phase::Blocked => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Phase::Zombie => self.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            Phase::Exited => self.fg(Color::DarkGray),
            Phase::Failed => self.error(),
        }
    }

    /// A process waiting at its step gate.
    pub fn gated(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Something that just changed (fades after a moment).
    pub fn changed(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A place in use: a semaphore slot taken by a holder.
    pub fn taken(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The selected lane or list row.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    /// Python highlighting.
    pub fn keyword(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn string(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn number(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn comment(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }
    pub fn builtin(&self) -> Style {
        self.fg(Color::Blue)
    }
    pub fn definition(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
