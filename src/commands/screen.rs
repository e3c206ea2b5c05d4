//! `forkbook` (the picker) and `forkbook run LESSON` (that lesson): the lesson screen.

use std::process::ExitCode;

use anyhow::Result;

use forkbook::lesson::{self, builtin, knobs::parse_set};
use forkbook::runtime::Settings;
use forkbook::text::Lang;
use forkbook::tui;

use super::{USAGE, report};
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
        let lesson = match lesson::resolve(&args.lesson) {
            Ok(l) => l,
            Err(diags) => {
                report(&diags);
                return Ok(ExitCode::from(USAGE));
            }
        };
        let mut overrides = Vec::new();
        for s in &args.set {
            match parse_set(s) {
                Ok(kv) => overrides.push(kv),
                Err(e) => {
                    eprintln!("forkbook: --set {s}: {e}");
                    return Ok(ExitCode::from(USAGE));
                }
            }
        }
        if let Err(diags) = lesson.knob_values(&overrides) {
            report(&diags);
            return Ok(ExitCode::from(USAGE));
        }
        settings.seed = args.seed;
        settings.max_procs = args.max_procs;
        settings.max_secs = args.max_time;
        speed = args.speed;
        start_lesson = Some((lesson, overrides));
    }
    tui::run(tui::Start { catalog, lesson: start_lesson, lang, speed, settings })?;
    Ok(ExitCode::SUCCESS)
}
