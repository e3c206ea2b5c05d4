//! The timeline: one row per process, coloured by state over lesson time.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::trace::World;
use crate::tui::theme::Theme;

/// State over time for every process.
pub struct Timeline<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub now_ns: u64,
}

impl Widget for &Timeline<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
