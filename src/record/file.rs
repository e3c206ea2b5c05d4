//! The `.fbrec` format: 8 magic bytes, a little-endian u32 format version, then one raw
//! DEFLATE stream of JSON lines — a header, every event in the wire format of docs/events.md,
//! and an end line counting the events. A cut or foreign file gives an error saying which.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::lesson::{self, KnobValues, Lesson};
use crate::runtime::Options;

/// The first bytes of every recording.
pub const MAGIC: &[u8; 8] = b"FBREC\0\r\n";
/// The version of the container and header; events carry their own (`event::FORMAT_VERSION`).
pub const FORMAT: u32 = 1;

/// What a recording says about its run, first in the file: enough to show the run again
/// with no lesson file and no processes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The forkbook version that wrote it.
    pub forkbook: String,
    /// The lesson's id and where it came from (`builtin:lock`, a path).
    pub lesson_id: String,
    pub lesson_name: String,
    /// The lesson file's text, whole.
    pub lesson_source: String,
    /// The program that ran (a student's edit differs from the lesson's).
    pub python: String,
    pub knobs: KnobValues,
    pub seed: u64,
    pub speed: f64,
    /// The `--schedule` the run followed, in its own syntax.
    #[serde(default)]
    pub schedule: Option<String>,
    #[serde(default)]
    pub args: Vec<String>,
    pub options: Options,
    /// Seconds since the Unix epoch when recording began.
    pub recorded_at: u64,
    /// The run was a CPython program's, watched (`forkbook watch`): its program is shown as
    /// it is, not parsed again as a lesson forkbook runs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub watched: bool,
}

impl Header {
    /// The header of a run of `lesson` with these settings, stamped now.
    pub fn new(lesson: &Lesson, settings: &crate::runtime::Settings) -> Header {
        Header {
            forkbook: env!("CARGO_PKG_VERSION").to_string(),
            lesson_id: lesson.id.clone(),
            lesson_name: lesson.source_name.clone(),
            lesson_source: lesson.source.clone(),
            python: lesson.python.clone(),
            knobs: lesson.knobs_with(&settings.knobs),
            seed: settings.seed,
            speed: settings.speed,
            schedule: settings.schedule.as_ref().map(super::schedule_text),
            args: settings.args.clone(),
            options: settings.options,
            recorded_at: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            watched: false,
        }
    }

    /// The lesson as it was recorded: its text parsed again, running the recorded program.
    pub fn lesson(&self) -> Result<Lesson> {
        if self.watched {
            return Ok(lesson::program::plain(&self.python, &self.lesson_name));
        }
        let mut lesson = lesson::from_str(&self.lesson_source, &self.lesson_name).map_err(|diags| {
            let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
            anyhow!("the recorded lesson no longer loads:\n{}", lines.join("\n"))
        })?;
        lesson.python = self.python.clone();
        Ok(lesson)
    }

    /// Settings of a run like the recorded one.
    pub fn settings(&self) -> Result<crate::runtime::Settings> {
        let schedule = self.schedule.as_deref().map(crate::lesson::schedule::Schedule::parse).transpose();
        Ok(crate::runtime::Settings {
            knobs: self.knobs.clone(),
            seed: self.seed,
            speed: self.speed,
            schedule: schedule.map_err(|e| anyhow!("the recorded schedule: {e}"))?,
            args: self.args.clone(),
            options: self.options,
            ..crate::runtime::Settings::default()
        })
    }
}

#[derive(Serialize, Deserialize)]
struct HeaderLine {
    header: Header,
}

#[derive(Serialize, Deserialize)]
struct EndLine {
    end: End,
}

#[derive(Serialize, Deserialize)]
struct End {
    events: u64,
}

/// Writes a recording as the run goes: each event is compressed as it comes, and `finish`
/// ends the stream (a run cut off before `finish` leaves a file that says it was cut).
pub struct Recorder {
    out: DeflateEncoder<BufWriter<File>>,
    path: PathBuf,
    events: u64,
    line: Vec<u8>,
}

impl Recorder {
    /// Creates (or replaces) the file at `path` and writes the header.
    pub fn create(path: &Path, header: &Header) -> Result<Recorder> {
        let file = File::create(path).with_context(|| format!("{}: cannot create the recording", path.display()))?;
        let mut raw = BufWriter::new(file);
        raw.write_all(MAGIC)?;
        raw.write_all(&FORMAT.to_le_bytes())?;
        let mut rec = Recorder {
            out: DeflateEncoder::new(raw, Compression::fast()),
            path: path.to_path_buf(),
            events: 0,
            line: Vec::new(),
        };
        rec.line(&HeaderLine { header: header.clone() })?;
        Ok(rec)
    }

    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        // One write per line: the encoder pays per call, and serde writes field by field.
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line).with_context(|| format!("{}: cannot write the recording", self.path.display()))
    }

    /// Adds one event.
    pub fn event(&mut self, ev: &Event) -> Result<()> {
        self.events += 1;
        self.line(ev)
    }

    /// Ends the stream and flushes the file; returns how many events it holds.
    pub fn finish(mut self) -> Result<u64> {
        let events = self.events;
        self.line(&EndLine { end: End { events } })?;
        let mut raw = self.out.finish()?;
        raw.flush().with_context(|| format!("{}: cannot write the recording", self.path.display()))?;
        Ok(events)
    }
}

/// A whole recording in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub header: Header,
    pub events: Vec<Event>,
}

impl Recording {
    /// Writes it to `path` in one go (the TUI's `w`).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut rec = Recorder::create(path, &self.header)?;
        for ev in &self.events {
            rec.event(ev)?;
        }
        rec.finish().map(|_| ())
    }

    /// Reads the recording at `path`; every way it can be wrong is an error naming the file.
    pub fn load(path: &Path) -> Result<Recording> {
        let file = File::open(path).with_context(|| format!("{}: cannot open the recording", path.display()))?;
        Recording::read(BufReader::new(file)).with_context(|| format!("{}", path.display()))
    }

    /// Reads a recording from bytes in the `.fbrec` format.
    pub fn read(mut input: impl BufRead) -> Result<Recording> {
        let mut start = [0u8; 12];
        let mut got = 0;
        while got < start.len() {
            match input.read(&mut start[got..])? {
                0 => break,
                n => got += n,
            }
        }
        if got < MAGIC.len() || &start[..MAGIC.len()] != MAGIC {
            bail!("not a forkbook recording (a .fbrec file starts with the bytes \"FBREC\")");
        }
        if got < start.len() {
            bail!("the recording is cut short: it ends inside its first 12 bytes");
        }
        let version = u32::from_le_bytes([start[8], start[9], start[10], start[11]]);
        if version != FORMAT {
            bail!("recording format {version}: this forkbook reads format {FORMAT} (a newer forkbook wrote it?)");
        }
        let lines = BufReader::new(DeflateDecoder::new(input)).lines();
        let mut header = None;
        let mut events = Vec::new();
        let cut = |n: usize| {
            anyhow!(
                "the recording is cut short after {n} events (the file was truncated, or the run was killed while it was written)"
            )
        };
        let mut lines = lines.enumerate();
        while let Some((i, line)) = lines.next() {
            let line = line.map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => cut(events.len()),
                _ => anyhow!("line {} of the recording: the compressed data is damaged ({e})", i + 1),
            })?;
            let bad = |e: serde_json::Error| anyhow!("line {}:{} of the recording: {e}", i + 1, e.column());
            if header.is_none() {
                header = Some(serde_json::from_str::<HeaderLine>(&line).map_err(bad)?.header);
                continue;
            }
            if line.starts_with("{\"end\"") {
                let end: EndLine = serde_json::from_str(&line).map_err(bad)?;
                if end.end.events != events.len() as u64 {
                    bail!("the recording says it holds {} events but has {}", end.end.events, events.len());
                }
                // The stream itself must end here too: a cut in its last bytes is a cut.
                match lines.next() {
                    None => {}
                    Some((_, Err(_))) => return Err(cut(events.len())),
                    Some((j, Ok(_))) => bail!("line {}: data after the end of the recording", j + 1),
                }
                let header = header.ok_or_else(|| cut(0))?;
                return Ok(Recording { header, events });
            }
            events.push(serde_json::from_str::<Event>(&line).map_err(bad)?);
        }
        Err(cut(events.len()))
    }
}

/// Where the TUI's `w` saves a run: `LESSON-YYYYMMDD-HHMMSS.fbrec` in the current directory.
pub fn default_name(lesson_id: &str, unix_secs: u64) -> PathBuf {
    let days = unix_secs / 86_400;
    let secs = unix_secs % 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    let safe: String =
        lesson_id.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    PathBuf::from(format!("{safe}-{y:04}{m:02}{d:02}-{:02}{:02}{:02}.fbrec", secs / 3600, secs / 60 % 60, secs % 60))
}

/// The date (UTC) of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{EventKind, RunOutcome};

    fn sample() -> Recording {
        let lesson = lesson::resolve("lock").expect("built-in");
        let header = Header::new(&lesson, &crate::runtime::Settings::default());
        let events = vec![
            Event { seq: 1, sub: 0, t_ns: 5, pid: 0, kind: EventKind::Printed { text: "hi".into() } },
            Event { seq: 2, sub: 0, t_ns: 9, pid: 0, kind: EventKind::RunEnded { outcome: RunOutcome::Finished } },
        ];
        Recording { header, events }
    }

    fn bytes(r: &Recording) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.fbrec");
        r.save(&path).expect("saves");
        std::fs::read(path).expect("reads")
    }

    #[test]
    fn a_saved_recording_reads_back_the_same() {
        let r = sample();
        assert_eq!(Recording::read(&bytes(&r)[..]).expect("reads"), r);
    }

    #[test]
    fn every_cut_of_a_recording_is_an_error_not_a_panic() {
        let b = bytes(&sample());
        for n in 0..b.len() {
            let err = Recording::read(&b[..n]).expect_err("cut");
            let text = format!("{err:#}");
            assert!(
                text.contains("cut short") || text.contains("not a forkbook") || text.contains("damaged"),
                "{n}: {text}"
            );
        }
    }

    #[test]
    fn a_foreign_file_or_a_newer_format_is_named_as_such() {
        let err = Recording::read(&b"{\"seq\": 1}\n"[..]).expect_err("foreign");
        assert!(format!("{err}").contains("not a forkbook recording"), "{err}");
        let mut b = bytes(&sample());
        b[8] = 9;
        let err = Recording::read(&b[..]).expect_err("newer");
        assert!(format!("{err}").contains("format 9"), "{err}");
    }

    #[test]
    fn default_names_carry_the_lesson_and_the_utc_time() {
        assert_eq!(default_name("lock", 1_764_513_296), PathBuf::from("lock-20251130-143456.fbrec"));
    }
}
