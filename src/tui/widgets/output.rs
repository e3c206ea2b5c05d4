//! The lines the lesson printed, in real order, coloured per process.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::text::Lang;
use crate::trace::World;
use crate::tui::theme::Theme;

/// The output log (newest at the bottom).
pub struct Output<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
}

impl Widget for &Output<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
