//! Whole screens: the lesson picker, the lesson itself (with its header, banner and footer), and the
//! overlays drawn on top.

pub mod banner;
pub mod footer;
pub mod header;
pub mod lesson;
pub mod overlay;
pub mod picker;
pub mod present;
pub mod problems;
