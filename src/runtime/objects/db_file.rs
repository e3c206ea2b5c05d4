//! The "db file" of the ticket example: a real JSON object file in the run's temp dir.
//! `read(key)` loads the file and returns one field; `write(key, v)` loads it, changes the
//! field and writes the whole file back, like `json.dump(dic, open('db.txt', 'w'))`. An
//! advisory lock keeps each single read or write whole (the race between them stays).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::event::{Audit, EventKind, ObjectKind};
use crate::runtime::ctx::Ctx;
use crate::runtime::pyerr::{PyErr, PyResult};
use crate::value::Value;

/// A JSON file in the run directory.
#[derive(Clone, Debug)]
pub struct DbFile {
    pub name: String,
    pub path: PathBuf,
}

type Fields = serde_json::Map<String, serde_json::Value>;

impl DbFile {
    pub fn create(ctx: &Ctx, name: &str, file_name: &str, initial: &[(String, i64)], py_line: u32) -> Result<DbFile> {
        let safe_name: String = file_name
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '.' || c == '_' || c == '-' { c } else { '_' })
            .collect();
        let path = ctx.run_dir.join(safe_name);
        let fields: Fields = initial.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(*v))).collect();
        std::fs::write(&path, serde_json::Value::Object(fields).to_string())
            .with_context(|| format!("writing {}", path.display()))?;
        ctx.rep.emit(EventKind::Created {
            object: name.to_string(),
            object_kind: ObjectKind::File,
            value: 0,
            capacity: 0,
            py_line,
        });
        for (k, v) in initial {
            ctx.rep.emit(EventKind::FileWritten { object: name.to_string(), key: k.clone(), value: Value::Int(*v) });
        }
        Ok(DbFile { name: name.to_string(), path })
    }

    /// Runs `f` on the file's fields under an exclusive advisory lock; writes them back when
    /// `f` says they changed.
    fn locked<T>(&self, f: impl FnOnce(&mut Fields) -> (T, bool)) -> PyResult<T> {
        let io = |e: std::io::Error| PyErr::new("OSError", e.to_string());
        let file = File::options().read(true).write(true).open(&self.path).map_err(io)?;
        let mut file = nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive)
            .map_err(|(_, e)| PyErr::new("OSError", e.to_string()))?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(io)?;
        let mut fields: Fields =
            serde_json::from_str(&text).map_err(|e| PyErr::new("JSONDecodeError", e.to_string()))?;
        let (out, changed) = f(&mut fields);
        if changed {
            file.set_len(0).map_err(io)?;
            file.seek(SeekFrom::Start(0)).map_err(io)?;
            file.write_all(serde_json::Value::Object(fields).to_string().as_bytes()).map_err(io)?;
        }
        Ok(out)
    }

    /// `json.load(open(file))[key]`.
    pub fn read(&self, ctx: &Ctx, key: &str) -> PyResult<Value> {
        let value = self.locked(|fields| (fields.get(key).cloned(), false))?;
        let value: Value = value
            .and_then(|v| serde_json::from_value(v).ok())
            .ok_or_else(|| PyErr::new("KeyError", format!("'{key}'")))?;
        ctx.rep.emit(EventKind::FileRead { object: self.name.clone(), key: key.to_string(), value: value.clone() });
        Ok(value)
    }

    /// Sets one field and writes the whole file back.
    pub fn write(&self, ctx: &Ctx, key: &str, value: Value) -> PyResult<()> {
        let json = serde_json::to_value(&value).map_err(|e| PyErr::type_error(e.to_string()))?;
        self.locked(|fields| {
            fields.insert(key.to_string(), json);
            ctx.rep.emit(EventKind::FileWritten { object: self.name.clone(), key: key.to_string(), value });
            ((), true)
        })
    }

    pub fn audit(&self) -> Audit {
        Audit::File { content: std::fs::read_to_string(&self.path).unwrap_or_default() }
    }
}
