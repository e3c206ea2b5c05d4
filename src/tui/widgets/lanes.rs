//! Process lanes: one row per real process, children indented under their parent.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::text::Lang;
use crate::trace::World;
use crate::tui::theme::Theme;

/// The lanes of every process of the run.
pub struct Lanes<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// Index (into `world.processes`) of the selected lane.
    pub selected: Option<usize>,
    /// Lesson time "now", for highlighting lanes that changed a moment ago.
    pub now_ns: u64,
}

impl Widget for &Lanes<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}

/// Which process (index into `world.processes`) is drawn at terminal row `row` when the lanes
/// are rendered into `area`; for mouse clicks.
pub fn lane_at(_area: Rect, _world: &World, _row: u16) -> Option<usize> {
    None
}
