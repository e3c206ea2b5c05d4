//! The student's editor on the lesson's program: the TUI steps aside (input held, raw mode,
//! mouse capture and the alternate screen left), `$EDITOR` (else `vi`) edits the program's
//! copy kept with the progress, then the TUI comes back, redraws whole, and the copy is read
//! back into the app. Reading back and forgetting a copy need no terminal, so tests drive them.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};

use super::app::{App, Effect};
use super::input::Input;
use crate::lesson::Lesson;
use crate::progress::Programs;

/// The editor when `$EDITOR` is not set.
const FALLBACK: &str = "vi";

/// Opens `original`'s program copy in the student's editor on the real terminal, then reads
/// it back into the app; returns what the app asks for then (a new run).
pub fn edit(
    terminal: &mut ratatui::DefaultTerminal,
    input: &Input,
    programs: &Programs,
    app: &mut App,
    original: &Arc<Lesson>,
) -> Vec<Effect> {
    let path = match programs.prepare(&original.progress_key(), &original.python) {
        Ok(path) => path,
        Err(e) => {
            app.notice = Some(e);
            return Vec::new();
        }
    };
    let editor = std::env::var("EDITOR").ok().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| FALLBACK.into());
    let ran = {
        let _held = input.hold();
        step_aside(terminal, || run_editor(&editor, &path))
    };
    let lang = app.lang;
    let error = match ran {
        Ok(Ok(())) => return reload(app, programs, original),
        Ok(Err(Failure::Start(e))) => lang.t_with("notice.editor_start", &[("error", &e)]),
        Ok(Err(Failure::NotFound)) => lang.t("notice.editor_not_found").to_string(),
        Ok(Err(Failure::Status(code))) => lang.t_with("notice.editor_status", &[("code", &code)]),
        Ok(Err(Failure::Signal)) => lang.t("notice.editor_signal").to_string(),
        Err(back) => back,
    };
    app.notice = Some(lang.t_with("notice.editor_failed", &[("editor", &editor), ("error", &error)]));
    Vec::new()
}

/// How running the editor went wrong.
enum Failure {
    /// The shell could not be started.
    Start(String),
    /// The shell found no such command.
    NotFound,
    /// The editor exited with this status.
    Status(i32),
    Signal,
}

/// Reads `original`'s program copy back into the app (no copy: the lesson's own program).
pub fn reload(app: &mut App, programs: &Programs, original: &Arc<Lesson>) -> Vec<Effect> {
    let path = programs.path(&original.progress_key());
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    match programs.read(&original.progress_key()) {
        Ok(text) => app.program_saved(original, &file, text.as_deref()),
        Err(e) => {
            app.notice = Some(e);
            Vec::new()
        }
    }
}

/// Removes the program copy of lesson `id`; a failure is told in the footer.
pub fn forget(app: &mut App, programs: &Programs, id: &str) {
    if let Err(e) = programs.remove(id) {
        app.notice = Some(e);
    }
}

/// Runs `f` with the terminal as the TUI found it, then takes the terminal back and clears
/// it so the next frame is drawn whole; `Err` says what failed in taking it back.
fn step_aside<T>(terminal: &mut ratatui::DefaultTerminal, f: impl FnOnce() -> T) -> Result<T, String> {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, DisableMouseCapture, LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = disable_raw_mode();
    let result = f();
    let back = enable_raw_mode()
        .and_then(|()| crossterm::execute!(out, EnterAlternateScreen, EnableMouseCapture))
        .and_then(|()| terminal.clear());
    back.map(|()| result).map_err(|e| format!("taking the terminal back: {e}"))
}

/// Runs `editor` on `path` through the shell, as git does, so `$EDITOR` may hold arguments.
fn run_editor(editor: &str, path: &Path) -> Result<(), Failure> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path)
        .status()
        .map_err(|e| Failure::Start(e.to_string()))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(127) => Err(Failure::NotFound),
        Some(code) => Err(Failure::Status(code)),
        None => Err(Failure::Signal),
    }
}
