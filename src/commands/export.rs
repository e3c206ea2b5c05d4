//! `forkbook export FILE --svg OUT.svg | --html OUT.html`: a recorded run as a picture for
//! slides, or as one HTML file that plays it in a browser (`forkbook::export`).

use std::process::ExitCode;

use anyhow::{Context, Result};

use forkbook::export::{self, Window};
use forkbook::record::Recording;
use forkbook::text::Lang;

use super::USAGE;
use crate::cli::ExportArgs;

/// Writes the files `args` asks for.
pub fn export(args: &ExportArgs, lang: Lang) -> Result<ExitCode> {
    let recording = match Recording::load(&args.file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("forkbook: {e:#}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let window = match Window::of(&recording.events, args.from, args.to, args.at) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("forkbook: {}: {e}", args.file.display());
            return Ok(ExitCode::from(USAGE));
        }
    };
    if let Some(path) = &args.svg {
        let svg = export::svg(&recording, window, lang);
        std::fs::write(path, svg).with_context(|| format!("{}: cannot write", path.display()))?;
        eprintln!("forkbook: wrote {}", path.display());
    }
    if let Some(path) = &args.html {
        let html = export::html(&recording, lang)?;
        std::fs::write(path, html).with_context(|| format!("{}: cannot write", path.display()))?;
        eprintln!("forkbook: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
