//! `forkbook replay FILE`: a recorded run shown again with no processes — on the lesson
//! screen, or `--headless` as the same trace `run --headless` printed; and the
//! `run --schedule-from FILE` setting, which replays a recorded interleaving on real processes.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use forkbook::lesson::Lesson;
use forkbook::record::{self, Recording};
use forkbook::runtime::Settings;
use forkbook::text::Lang;
use forkbook::trace::World;
use forkbook::tui;

use super::run::Printer;
use super::{USAGE, catalog};
use crate::cli::{ReplayArgs, RunArgs};

/// Replays a recording on the lesson screen or as a headless trace.
pub fn replay(args: &ReplayArgs, lang: Lang) -> Result<ExitCode> {
    let recording = match Recording::load(&args.file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("forkbook: {e:#}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let lesson = recording.header.lesson()?;
    let settings = recording.header.settings()?;
    if args.headless {
        let stdout = std::io::stdout();
        // Everything is at hand: written in large blocks, flushed at the end.
        let out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        let mut printer = Printer::new(out, args.json, args.verbose, lang);
        // A watched CPython run has no random sleeps of forkbook's: `watch` prints no seed.
        if !recording.header.watched {
            printer.start(settings.seed);
        }
        let mut world = World::default();
        for ev in &recording.events {
            world.apply(ev);
            printer.event(&world, ev);
        }
        return Ok(printer.finish(&lesson, &settings, &world));
    }
    let catalog = catalog(&[])?.0.into_iter().map(Arc::new).collect();
    let seeds = tui::app::Seeds::from_option(Some(settings.seed), settings.seed);
    let start = tui::Start {
        catalog,
        lesson: Some(Arc::new(lesson)),
        lang,
        settings,
        seeds,
        record: None,
        replay: Some(recording),
        present: false,
        problems: Vec::new(),
        watch: None,
    };
    tui::run(start)?;
    Ok(ExitCode::SUCCESS)
}

/// `--schedule-from FILE`: the recorded run's step order becomes the schedule, and its knobs
/// and seed the run's unless the command line set them. The lesson must be the recorded one.
pub fn schedule_from(path: &Path, args: &RunArgs, lesson: &Lesson, settings: &mut Settings) -> Result<(), ExitCode> {
    let recording = Recording::load(path).map_err(|e| {
        eprintln!("forkbook: {e:#}");
        ExitCode::from(USAGE)
    })?;
    let header = &recording.header;
    if header.lesson_id != lesson.id {
        eprintln!(
            "forkbook: {}: this recording is of lesson '{}', not '{}' (run: forkbook run {} --schedule-from {})",
            path.display(),
            header.lesson_id,
            lesson.id,
            header.lesson_id,
            path.display()
        );
        return Err(ExitCode::from(USAGE));
    }
    if header.python != lesson.python {
        eprintln!(
            "forkbook: warning: {}: the program differs from the one recorded; the steps may not line up",
            path.display()
        );
    }
    let set: Vec<&str> = args.set.iter().filter_map(|s| s.split_once('=').map(|(k, _)| k.trim())).collect();
    let mut knobs = header.knobs.clone();
    knobs.retain(|name, _| lesson.knobs.iter().any(|k| &k.name == name));
    for (name, value) in &settings.knobs {
        if set.contains(&name.as_str()) {
            knobs.insert(name.clone(), value.clone());
        }
    }
    settings.knobs = knobs;
    if args.seed.is_none() {
        settings.seed = header.seed;
    }
    settings.schedule = Some(record::schedule_of(&recording.events));
    Ok(())
}
