//! forkbook: a workbook and terminal visualizer for process-level concurrency.
//!
//! Data flows one way: `lesson` (TOML or `.py` → validated `Lesson`) → `runtime` (real
//! processes that run the lesson's Python program with the `python` interpreter and report
//! `Event`s) → `trace::World` (a pure fold of the events) → front ends (`headless` text and
//! JSON lines; `tui`, the terminal UI). Controls flow back through
//! `runtime::Run`. `runtime` and `trace` never touch a screen.

pub mod event;
pub mod export;
pub mod headless;
pub mod lesson;
pub mod play;
pub mod progress;
pub mod python;
pub mod record;
pub mod runtime;
pub mod text;
pub mod trace;
pub mod tui;
pub mod value;
pub mod watch;
pub mod workbook;
