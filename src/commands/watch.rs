//! `forkbook watch prog.py`: the program runs under the real CPython with forkbook's probe,
//! and its run is shown as a lesson's is: as the trace (`--headless`, `--json`) or on the
//! lesson screen. Deadlocks and stalls end it as they end a lesson.

use std::cell::RefCell;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use forkbook::lesson::{KnobValues, Lesson, program};
use forkbook::play::play_cpython;
use forkbook::record::Header;
use forkbook::runtime::Settings;
use forkbook::runtime::cpython::WatchSpec;
use forkbook::text::Lang;

use super::USAGE;
use super::run::HeadlessOut;
use crate::cli::{RunArgs, WatchArgs};

/// Watches the program; the exit code says whether it finished as a run should.
pub fn watch(args: &WatchArgs, lang: Lang) -> Result<ExitCode> {
    let source = match std::fs::read_to_string(&args.program) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("forkbook: {}: {e}", args.program.display());
            return Ok(ExitCode::from(USAGE));
        }
    };
    if !(0.1..=86_400.0).contains(&args.max_time) {
        eprintln!("forkbook: --max-time {}: give between 0.1 and 86400 seconds", args.max_time);
        return Ok(ExitCode::from(USAGE));
    }
    let spec = WatchSpec {
        program: args.program.clone(),
        python: args.python.clone(),
        args: args.args.clone(),
        max_time: Duration::from_secs_f64(args.max_time),
        cwd: None,
        fetch: false,
        speed: 1.0,
        schedule: None,
        steps: !args.headless,
    };
    let lesson = program::plain(&source, &args.program.display().to_string());
    let record = match &args.record {
        Some(path) => {
            let settings = Settings { args: args.args.clone(), ..Settings::default() };
            Some((path.clone(), Header { watched: true, ..Header::new(&lesson, &settings) }))
        }
        None => None,
    };
    show(lesson, &spec, args.headless, (args.json, args.verbose), lang, record)
}

/// `forkbook run LESSON --cpython`: the lesson's program with its knobs set, run by CPython
/// in a fresh folder (its files land there, as a lesson's land in its run directory).
pub fn lesson_under_cpython(args: &RunArgs, lang: Lang) -> Result<ExitCode> {
    let (lesson, settings) = match super::run_settings(args) {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let folder = Folder::create(&lesson.id)?;
    let mut spec = folder.spec(&lesson, &settings.knobs, args.speed, !args.headless)?;
    if let Some(schedule) = &settings.schedule {
        spec.schedule = Some(schedule.clone());
        spec.steps = true;
    }
    spec.args.clone_from(&args.args);
    if let Some(python) = &args.python {
        spec.python.clone_from(python);
    }
    spec.max_time = Duration::from_secs_f64(args.max_time);
    show(lesson, &spec, args.headless, (args.json, args.verbose), lang, None)
}

/// A fresh folder for one CPython run of a lesson, removed afterwards.
pub struct Folder(std::path::PathBuf);

impl Folder {
    pub fn create(id: &str) -> Result<Folder> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!("forkbook-cpython-{id}-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(Folder(path))
    }
}

impl Folder {
    /// The run of `lesson`'s program with these knobs, written here, at `speed`.
    pub fn spec(&self, lesson: &Lesson, knobs: &KnobValues, speed: f64, steps: bool) -> Result<WatchSpec> {
        let program = self.0.join(format!("{}.py", lesson.id));
        std::fs::write(&program, lesson.program_text(knobs))?;
        Ok(WatchSpec {
            program,
            python: "python3".into(),
            args: Vec::new(),
            max_time: Duration::from_secs(120),
            cwd: Some(self.0.clone()),
            fetch: true,
            speed,
            schedule: None,
            steps,
        })
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Shows the watched run on the lesson screen, or prints its trace (`json`, `verbose`);
/// with `record`, also saves it there.
fn show(
    lesson: Lesson,
    spec: &WatchSpec,
    headless: bool,
    (json, verbose): (bool, bool),
    lang: Lang,
    record: Option<(std::path::PathBuf, Header)>,
) -> Result<ExitCode> {
    // A Python the probe does not know is told before any screen opens.
    if let Err(e) = forkbook::runtime::cpython::check_python(&spec.python) {
        eprintln!("forkbook: {e:#}");
        return Ok(ExitCode::from(USAGE));
    }
    if !headless {
        return super::screen::watch(lesson, spec.clone(), lang, record.map(|(path, _)| path));
    }
    // Ctrl-C, SIGTERM and SIGHUP stop the program cleanly (its whole process group) instead
    // of leaving it running.
    forkbook::runtime::catch_stop_signals();
    let out = RefCell::new(HeadlessOut::new(json, verbose, lang, record)?);
    let played = play_cpython(spec, |world, ev| out.borrow_mut().event(world, ev), || out.borrow_mut().printer.flush());
    let world = match played {
        Ok(world) => world,
        Err(e) => {
            eprintln!("forkbook: {e:#}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    out.into_inner().finish(&lesson, &Settings::default(), &world)
}
