//! The lesson's Python program, syntax-coloured, with one coloured marker per process at the
//! line it is on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::tui::theme::Theme;

/// One process's position in the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// 1-based Python line.
    pub line: u32,
    /// The process's index (its lane colour).
    pub lane: usize,
    /// A short label (the process name).
    pub label: String,
}

/// The Python program with cursors.
pub struct CodeView<'a> {
    pub python: &'a str,
    pub cursors: &'a [Cursor],
    pub theme: &'a Theme,
    /// The line to keep in view (the selected process's), if any.
    pub focus_line: Option<u32>,
}

impl Widget for &CodeView<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
