//! Text files opened by the program: real files in the process's working directory, with
//! CPython's visible behaviour: `'w'` truncates at `open()`, writes sit in a buffer until
//! `flush()`, `close()` or the buffer fills (so a concurrent reader may see an empty
//! file), and reads see the file as it is when they happen. Each moment the file's bytes
//! change (created or truncated at `open()`, a buffer written out) is noted with the file's
//! content then; the interpreter hands the notes to its host (`take_changes`).

use std::cell::{Cell, RefCell};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::rc::Rc;

/// CPython's default buffer size for a text file.
const BUFFER: usize = 8192;

/// One moment a file's bytes changed: its name as the program gave it, and its whole content
/// right after the change (lossy UTF-8 for a binary file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub name: Rc<str>,
    pub content: String,
}

thread_local! {
    /// Changes not yet handed to the host. A file flushed as it is collected has no host at
    /// hand, so every change waits here until the interpreter's next chance to report it.
    static CHANGES: RefCell<Vec<FileChange>> = const { RefCell::new(Vec::new()) };
    /// Whether `CHANGES` holds any: a flag with no destructor, so the check before every
    /// statement is one load.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a change waits to be reported (asked before every statement, so cheaper than
/// `take_changes`).
#[inline]
pub fn has_changes() -> bool {
    PENDING.with(Cell::get)
}

/// The changes noted since the last call, oldest first.
pub fn take_changes() -> Vec<FileChange> {
    PENDING.with(|p| p.set(false));
    CHANGES.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

/// How the file was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileMode {
    Read,
    Write,
    Append,
}

/// An open (or closed) text file.
#[derive(Debug)]
pub struct File {
    pub name: Rc<str>,
    pub mode_text: Rc<str>,
    pub mode: FileMode,
    /// Opened with `b`: reads give bytes, writes take bytes.
    pub binary: bool,
    state: State,
}

#[derive(Debug)]
enum State {
    Reading(BufReader<fs::File>),
    Writing(fs::File, Vec<u8>),
    Closed,
}

impl File {
    /// Opens `path` (already joined to the working directory) as `mode` says.
    pub fn open(
        binary: bool,
        name: Rc<str>,
        path: &std::path::Path,
        mode_text: Rc<str>,
        mode: FileMode,
    ) -> std::io::Result<File> {
        let state = match mode {
            FileMode::Read => State::Reading(BufReader::new(fs::File::open(path)?)),
            // Readable too, so a change is read back through this descriptor: opening and
            // closing a second one would end ext4's flush-on-close of a truncated file early,
            // and the next truncation would then be cheaper than CPython's (the empty-file
            // window of a lesson's race would shrink).
            FileMode::Write => State::Writing(
                fs::OpenOptions::new().read(true).write(true).create(true).truncate(true).open(path)?,
                Vec::new(),
            ),
            FileMode::Append => {
                State::Writing(fs::OpenOptions::new().read(true).append(true).create(true).open(path)?, Vec::new())
            }
        };
        let file = File { name, mode_text, mode, binary, state };
        if mode != FileMode::Read {
            file.note_change();
        }
        Ok(file)
    }

    /// Notes the file's content as it is now.
    fn note_change(&self) {
        let State::Writing(file, _) = &self.state else { return };
        let content = read_whole(file).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        CHANGES.with(|c| c.borrow_mut().push(FileChange { name: self.name.clone(), content }));
        PENDING.with(|p| p.set(true));
    }

    pub fn closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// Reads the rest of the file, or at most `size` characters.
    pub fn read(&mut self, size: Option<usize>) -> std::io::Result<Option<String>> {
        let State::Reading(reader) = &mut self.state else { return Ok(None) };
        let mut text = String::new();
        match size {
            None => {
                reader.read_to_string(&mut text)?;
            }
            Some(n) => {
                let mut byte = [0u8; 1];
                let mut pending = Vec::new();
                while text.chars().count() < n && reader.read(&mut byte)? == 1 {
                    pending.push(byte[0]);
                    if let Ok(piece) = std::str::from_utf8(&pending) {
                        text.push_str(piece);
                        pending.clear();
                    }
                }
            }
        }
        Ok(Some(text))
    }

    /// Reads one line, with its newline; empty at the end.
    pub fn readline(&mut self) -> std::io::Result<Option<String>> {
        let State::Reading(reader) = &mut self.state else { return Ok(None) };
        let mut line = String::new();
        reader.read_line(&mut line)?;
        Ok(Some(line))
    }

    /// Reads the rest of the file (or `size` bytes) as bytes.
    pub fn read_bytes(&mut self, size: Option<usize>) -> std::io::Result<Option<Vec<u8>>> {
        let State::Reading(reader) = &mut self.state else { return Ok(None) };
        let mut bytes = Vec::new();
        match size {
            None => {
                reader.read_to_end(&mut bytes)?;
            }
            Some(n) => {
                reader.by_ref().take(n as u64).read_to_end(&mut bytes)?;
            }
        }
        Ok(Some(bytes))
    }

    /// Buffers `data`, writing the buffer out once it is full. `None` if not writable.
    pub fn write(&mut self, data: &[u8]) -> std::io::Result<Option<()>> {
        let State::Writing(file, buffer) = &mut self.state else { return Ok(None) };
        buffer.extend_from_slice(data);
        if buffer.len() >= BUFFER {
            file.write_all(buffer)?;
            buffer.clear();
            self.note_change();
        }
        Ok(Some(()))
    }

    /// Writes the buffer out (a change only if it held anything).
    pub fn flush(&mut self) -> std::io::Result<()> {
        if let State::Writing(file, buffer) = &mut self.state
            && !buffer.is_empty()
        {
            file.write_all(buffer)?;
            buffer.clear();
            self.note_change();
        }
        Ok(())
    }

    /// Flushes and closes; closing twice is fine.
    pub fn close(&mut self) -> std::io::Result<()> {
        let flushed = self.flush();
        self.state = State::Closed;
        flushed
    }
}

/// The whole content of an open file, read from offset 0 without moving its position.
fn read_whole(file: &fs::File) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = file.read_at(&mut chunk, bytes.len() as u64)?;
        if n == 0 {
            return Ok(bytes);
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

impl Drop for File {
    fn drop(&mut self) {
        // CPython flushes a file when it is collected; a write error here has no one to tell.
        let _ = self.flush();
    }
}
