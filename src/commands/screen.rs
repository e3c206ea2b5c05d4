//! `forkbook` (the picker) and `forkbook run LESSON` (that lesson): the lesson screen.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use forkbook::lesson::{Diagnostics, Lesson};
use forkbook::runtime::Settings;
use forkbook::text::Lang;
use forkbook::tui;

use super::{fresh_seed, run_settings};
use crate::cli::RunArgs;

/// Opens the TUI, on the picker or on the lesson `args` names (with its knobs, speed and
/// schedule); the problems of the lesson folders show in the problems panel.
pub fn open((catalog, problems): (Vec<Lesson>, Diagnostics), args: Option<&RunArgs>, lang: Lang) -> Result<ExitCode> {
    let (lesson, settings) = match args.map(run_settings).transpose() {
        Ok(Some((lesson, settings))) => (Some(Arc::new(lesson)), settings),
        Ok(None) => (None, Settings::default()),
        Err(code) => return Ok(code),
    };
    let catalog = catalog.into_iter().map(Arc::new).collect();
    let seeds = tui::app::Seeds::from_option(args.and_then(|a| a.seed), fresh_seed());
    let record = args.and_then(|a| a.record.clone());
    let present = args.is_some_and(|a| a.present);
    tui::run(tui::Start {
        catalog,
        lesson,
        lang,
        settings,
        seeds,
        record,
        replay: None,
        present,
        problems,
        watch: None,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `forkbook watch` on the lesson screen: `lesson` shows the program, and every run of it is
/// the program under CPython.
pub fn watch(
    lesson: Lesson,
    spec: forkbook::runtime::cpython::WatchSpec,
    lang: Lang,
    record: Option<std::path::PathBuf>,
) -> Result<ExitCode> {
    let seeds = tui::app::Seeds::from_option(Some(0), 0);
    tui::run(tui::Start {
        catalog: Vec::new(),
        lesson: Some(Arc::new(lesson)),
        lang,
        settings: Settings::default(),
        seeds,
        record,
        replay: None,
        present: false,
        problems: Vec::new(),
        watch: Some(spec),
    })?;
    Ok(ExitCode::SUCCESS)
}
