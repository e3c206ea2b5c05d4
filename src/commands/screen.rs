//! `forkbook` (the picker) and `forkbook run LESSON` (that lesson): the lesson screen.

use std::process::ExitCode;

use anyhow::Result;

use forkbook::lesson::{self, builtin};
use forkbook::runtime::Settings;
use forkbook::text::Lang;
use forkbook::tui;

use super::lesson_for_run;
use crate::cli::RunArgs;

/// Opens the TUI, on the picker or on the lesson `args` names.
pub fn open(args: Option<&RunArgs>, lang: Lang) -> Result<ExitCode> {
    let mut catalog: Vec<lesson::Lesson> =
        builtin::all().iter().filter_map(|(id, src)| lesson::from_str(src, &format!("builtin:{id}")).ok()).collect();
    catalog.sort_by_key(|l| (l.chapter, l.order));
    let mut settings = Settings::default();
    let mut start_lesson = None;
    let mut speed = 1.0;
    if let Some(args) = args {
        let (lesson, overrides, _) = match lesson_for_run(args) {
            Ok(found) => found,
            Err(code) => return Ok(code),
        };
        settings.seed = args.seed;
        settings.max_procs = args.max_procs;
        settings.max_secs = args.max_time;
        speed = args.speed;
        start_lesson = Some((lesson, overrides));
    }
    tui::run(tui::Start { catalog, lesson: start_lesson, lang, speed, settings })?;
    Ok(ExitCode::SUCCESS)
}
