//! A host for tests and tools that run a program without processes: output is collected,
//! sleeps advance a virtual clock instantly, the pid is fixed, and `multiprocessing` is
//! not available. The conformance suite and the interpreter's own tests run through it.

use std::path::PathBuf;

use super::exception::Exc;
use super::host::{Host, HostObj, Stream};
use super::interp::{Exit, Interpreter};
use super::object::{Args, Obj};
use super::variables::{ChangeList, Changes};
use super::{Diagnostic, Program};

/// Collects what a program prints; time is virtual.
#[derive(Debug)]
pub struct TestHost {
    pub stdout: String,
    pub stderr: String,
    /// Every line `step` was told, in order (when `record_steps` is set).
    pub steps: Vec<u32>,
    /// Every line `returned` was told, in order (when `record_steps` is set).
    pub returns: Vec<u32>,
    pub record_steps: bool,
    /// How many statements ran.
    pub step_count: u64,
    /// Seconds slept so far (the virtual clock).
    pub clock: f64,
    pub cwd: PathBuf,
    pub seed: u64,
    pub argv: Vec<String>,
    pub environ: Vec<(String, String)>,
    /// Every file change the interpreter reported: the file's name and its content then.
    pub files: Vec<(String, String)>,
    /// The variable changes reported before each statement (when the interpreter watches).
    pub variables: Vec<ChangeList>,
}

/// How much longer than asked a virtual sleep lasts.
const SLEEP_OVERSHOOT: f64 = 1e-5;

/// The wall-clock time the virtual clock starts at (`time.time()` at the first statement).
const EPOCH: f64 = 1_700_000_000.0;

impl TestHost {
    /// A host whose programs open files in `cwd`.
    pub fn new(cwd: PathBuf) -> TestHost {
        TestHost {
            stdout: String::new(),
            stderr: String::new(),
            steps: Vec::new(),
            returns: Vec::new(),
            record_steps: false,
            step_count: 0,
            clock: 0.0,
            cwd,
            seed: 0,
            argv: vec!["prog.py".into()],
            environ: Vec::new(),
            files: Vec::new(),
            variables: Vec::new(),
        }
    }
}

/// Parses and runs `source` to its end with a test host working in `cwd`.
pub fn run(file: &str, source: &str, cwd: PathBuf) -> Result<(Exit, TestHost), Vec<Diagnostic>> {
    let program = Program::parse(file, source)?;
    let mut interp = Interpreter::new(&program, &[])?;
    let mut host = TestHost::new(cwd);
    let exit = interp.run_main(&mut host);
    // Files the program's end collected change after its last statement.
    super::report_file_changes(&mut interp, &mut host);
    Ok((exit, host))
}

impl Host for TestHost {
    fn step(&mut self, _: &mut Interpreter, line: u32) -> Result<(), Exc> {
        self.step_count += 1;
        if self.record_steps {
            self.steps.push(line);
        }
        Ok(())
    }

    fn returned(&mut self, line: u32) {
        if self.record_steps {
            self.returns.push(line);
        }
    }

    fn variables(&mut self, changes: Changes<'_>) {
        self.variables.push(changes.to_list());
    }

    fn file_changed(&mut self, _: &mut Interpreter, path: &str, content: &str) {
        self.files.push((path.to_string(), content.to_string()));
    }

    fn write(&mut self, _: &mut Interpreter, stream: Stream, text: &str) -> Result<(), Exc> {
        match stream {
            Stream::Stdout => self.stdout.push_str(text),
            Stream::Stderr => self.stderr.push_str(text),
        }
        Ok(())
    }

    fn sleep(&mut self, _: &mut Interpreter, seconds: f64) -> Result<(), Exc> {
        // A real sleep overshoots a little; so does this one, so elapsed >= requested.
        self.clock += seconds + SLEEP_OVERSHOOT;
        Ok(())
    }

    fn time(&mut self) -> f64 {
        EPOCH + self.clock
    }

    fn monotonic(&mut self) -> f64 {
        1000.0 + self.clock
    }

    fn cpu_seconds(&mut self) -> f64 {
        0.5
    }

    fn pid(&mut self) -> i64 {
        4242
    }

    fn ppid(&mut self) -> i64 {
        4241
    }

    fn cwd(&mut self) -> PathBuf {
        self.cwd.clone()
    }

    fn argv(&mut self) -> Vec<String> {
        self.argv.clone()
    }

    fn environ(&mut self) -> Vec<(String, String)> {
        self.environ.clone()
    }

    fn random_seed(&mut self) -> u64 {
        self.seed
    }

    fn import(&mut self, _: &mut Interpreter, _: &str) -> Option<Result<Obj, Exc>> {
        None
    }

    fn call(&mut self, _: &mut Interpreter, obj: &HostObj, _: super::host::Method<'_>, _: Args) -> Result<Obj, Exc> {
        Err(Exc::type_error(format!("the test host has no '{}' objects", obj.type_name)))
    }

    fn getattr(&mut self, _: &mut Interpreter, obj: &HostObj, name: &str) -> Result<Obj, Exc> {
        Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name)))
    }
}
