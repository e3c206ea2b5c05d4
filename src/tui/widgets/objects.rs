//! Shared objects: queues as rows of boxes, locks with owner and waiters, semaphores as slots.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::text::Lang;
use crate::trace::World;
use crate::tui::theme::Theme;

/// Every shared object of the run.
pub struct Objects<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// Lesson time (ns) at which each object last changed, by name.
    pub touched: &'a HashMap<String, u64>,
    pub now_ns: u64,
}

impl Widget for &Objects<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
