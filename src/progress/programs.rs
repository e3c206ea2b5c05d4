//! The student's edited programs: one Python file per lesson, `programs/<lesson id>.py` beside
//! the progress file. A copy starts as the lesson's own program the first time the student
//! edits it, is read back when a lesson opens, and is removed to go back to the lesson's own.
//! Errors name the file and what went wrong.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The folder, beside the progress file, that holds the edited programs.
pub const DIR_NAME: &str = "programs";

/// The edited programs of one student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programs {
    dir: PathBuf,
}

impl Programs {
    /// The edited programs kept in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Programs {
        Programs { dir: dir.into() }
    }

    /// The folder they are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of lesson `id`'s edited program (whether or not there is one). Characters a
    /// file name should not hold become `_`.
    pub fn path(&self, id: &str) -> PathBuf {
        let name: String =
            id.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
        self.dir.join(format!("{name}.py"))
    }

    /// Lesson `id`'s edited program; `None` when the student has not edited it.
    pub fn read(&self, id: &str) -> Result<Option<String>, String> {
        let path = self.path(id);
        match fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                format!("{} is not UTF-8 text (bad byte at offset {at}); save it as UTF-8", path.display())
            }),
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// The file to edit for lesson `id`: its edited copy, made from `original` (the lesson's own
    /// program) when there is none yet.
    pub fn prepare(&self, id: &str, original: &str) -> Result<PathBuf, String> {
        let path = self.path(id);
        fs::create_dir_all(&self.dir).map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let created = fs::File::options().write(true).create_new(true).open(&path);
        match created {
            Ok(_) => fs::write(&path, original).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
        }
        Ok(path)
    }

    /// Removes lesson `id`'s edited copy; `Ok(false)` when there was none.
    pub fn remove(&self, id: &str) -> Result<bool, String> {
        let path = self.path(id);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(false),
            Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_starts_as_the_original_and_keeps_the_students_edits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let programs = Programs::at(dir.path().join(DIR_NAME));
        assert_eq!(programs.read("lock"), Ok(None));
        let path = programs.prepare("lock", "print(1)\n").expect("the copy is made");
        assert_eq!(path, dir.path().join("programs").join("lock.py"));
        assert_eq!(programs.read("lock"), Ok(Some("print(1)\n".into())));
        fs::write(&path, "print(2)\n").expect("the student edits");
        programs.prepare("lock", "print(1)\n").expect("the copy is kept");
        assert_eq!(programs.read("lock"), Ok(Some("print(2)\n".into())));
        assert_eq!(programs.remove("lock"), Ok(true));
        assert_eq!(programs.remove("lock"), Ok(false));
        assert_eq!(programs.read("lock"), Ok(None));
    }

    #[test]
    fn a_lesson_id_never_leaves_the_folder() {
        let programs = Programs::at("/p");
        assert_eq!(programs.path("../x y"), PathBuf::from("/p/___x_y.py"));
    }
}
