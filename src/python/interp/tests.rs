//! The interpreter end to end through the test host: scoping, exceptions and tracebacks,
//! classes, the steps the host sees, knobs, and a host-supplied class a program subclasses.

use std::path::PathBuf;

use crate::python::test_host::TestHost;
use crate::python::{Args, Exc, Exit, Host, HostKind, HostObj, Interpreter, Obj, Program, Stream};
use crate::value::Value;

/// Runs `source` on a thread with a roomy stack (debug builds recurse deep).
fn run_with(source: &str, overrides: Vec<(String, Value)>) -> (String, String, Exit) {
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let program = Program::parse("prog.py", &source).expect("parses");
            let mut interp = Interpreter::new(&program, &overrides).expect("knobs apply");
            interp.set_stack_budget(48 << 20);
            let mut host = TestHost::new(PathBuf::from("/nonexistent"));
            let exit = interp.run_main(&mut host);
            (host.stdout, host.stderr, exit)
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

fn run(source: &str) -> (String, String, Exit) {
    run_with(source, Vec::new())
}

fn stdout(source: &str) -> String {
    let (out, err, exit) = run(source);
    assert_eq!(exit.code, 0, "stderr: {err}");
    out
}

fn error_line(source: &str) -> String {
    let (_, _, exit) = run(source);
    assert_eq!(exit.code, 1);
    exit.error.expect("an uncaught exception")
}

#[test]
fn closures_share_the_variable_and_see_it_rebound() {
    let source = "def counter():\n    n = 0\n    def bump():\n        nonlocal n\n        n += 1\n        return n\n    def peek():\n        return n\n    return bump, peek\nbump, peek = counter()\nbump(); bump()\nprint(peek())\n";
    assert_eq!(stdout(source), "2\n");
}

#[test]
fn globals_are_written_only_with_the_global_statement() {
    let source = "x = 1\ndef local():\n    x = 2\ndef shared():\n    global x\n    x = 3\nlocal()\nprint(x)\nshared()\nprint(x)\n";
    assert_eq!(stdout(source), "1\n3\n");
}

#[test]
fn a_local_read_before_assignment_is_an_unbound_local_error() {
    let line = error_line("x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n");
    assert_eq!(line, "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value");
}

#[test]
fn methods_do_not_see_class_level_names_and_comprehensions_do_not_leak() {
    assert_eq!(
        error_line("class A:\n    k = 1\n    def f(self):\n        return k\nA().f()\n"),
        "NameError: name 'k' is not defined"
    );
    assert_eq!(stdout("i = 'outer'\nsquares = [i * i for i in range(3)]\nprint(i, squares)\n"), "outer [0, 1, 4]\n");
}

#[test]
fn an_uncaught_exception_prints_a_cpython_traceback_and_exits_1() {
    let (out, err, exit) = run("print('before')\ndef f(x):\n    raise ValueError('bad ' + x)\nf('stock')\n");
    assert_eq!(out, "before\n");
    assert_eq!(exit, Exit { code: 1, error: Some("ValueError: bad stock".into()) });
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"prog.py\", line 4, in <module>\n    f('stock')\n  File \"prog.py\", line 3, in f\n    raise ValueError('bad ' + x)\nValueError: bad stock\n"
    );
}

#[test]
fn an_exception_passing_an_except_that_does_not_match_or_a_finally_is_traced_where_it_was_raised() {
    let source = "def f():\n    try:\n        {}['x']\n    except ValueError:\n        pass\n\
                  def g():\n    try:\n        f()\n    finally:\n        print('finally')\n\
                  g()\n";
    let (out, err, _) = run(source);
    assert_eq!(out, "finally\n");
    // As CPython 3.11 prints it (its carets left out): line 3, not the `except` on line 4;
    // line 8, not the `finally` body's line 10.
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"prog.py\", line 11, in <module>\n    g()\n  \
         File \"prog.py\", line 8, in g\n    f()\n  File \"prog.py\", line 3, in f\n    {}['x']\nKeyError: 'x'\n"
    );
}

#[test]
fn builtin_errors_carry_cpython_messages() {
    assert_eq!(error_line("print(1 / 0)\n"), "ZeroDivisionError: division by zero");
    assert_eq!(
        error_line("def f(a, b):\n    pass\nf(1)\n"),
        "TypeError: f() missing 1 required positional argument: 'b'"
    );
    assert_eq!(error_line("[1][3]\n"), "IndexError: list index out of range");
    assert_eq!(error_line("{}['k']\n"), "KeyError: 'k'");
    assert_eq!(error_line("class Foo:\n    pass\nFoo().x\n"), "AttributeError: 'Foo' object has no attribute 'x'");
    assert_eq!(error_line("int('a')\n"), "ValueError: invalid literal for int() with base 10: 'a'");
    assert!(
        error_line("print(2 ** 64)\n")
            .starts_with("OverflowError: integer result out of range (forkbook's ints are 64-bit")
    );
}

#[test]
fn finally_runs_on_every_way_out_and_handlers_match_tuples() {
    let source = "def f():\n    try:\n        return 'returned'\n    finally:\n        print('finally')\nprint(f())\nfor i in range(3):\n    try:\n        if i == 1:\n            break\n    finally:\n        print('loop', i)\ntry:\n    {}['x']\nexcept (IndexError, KeyError) as e:\n    print('caught', repr(e))\nelse:\n    print('never')\n";
    assert_eq!(stdout(source), "finally\nreturned\nloop 0\nloop 1\ncaught KeyError('x')\n");
}

#[test]
fn chained_exceptions_print_both_tracebacks() {
    let (_, err, exit) =
        run("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise RuntimeError('wrapped') from e\n");
    assert_eq!(exit.error.as_deref(), Some("RuntimeError: wrapped"));
    assert!(err.contains("ZeroDivisionError: division by zero\n\nThe above exception was the direct cause"), "{err}");
}

#[test]
fn sys_exit_sets_the_code_and_a_message_goes_to_stderr() {
    assert_eq!(run("import sys\nsys.exit(3)\n").2, Exit { code: 3, error: None });
    let (_, err, exit) = run("import sys\nsys.exit('stop')\n");
    assert_eq!((err.as_str(), exit.code), ("stop\n", 1));
}

#[test]
fn classes_inherit_override_and_call_super() {
    let source = "class Animal:\n    sound = '...'\n    def __init__(self, name):\n        self.name = name\n    def speak(self):\n        return f'{self.name} says {self.sound}'\n    def __repr__(self):\n        return f'{type(self).__name__}({self.name!r})'\nclass Dog(Animal):\n    sound = 'woof'\n    def __init__(self, name, tricks=()):\n        super().__init__(name)\n        self.tricks = list(tricks)\n    def speak(self):\n        return super().speak() + '!'\nd = Dog('rex', ['sit'])\nprint(d.speak(), [d], isinstance(d, Animal), d.tricks)\n";
    assert_eq!(stdout(source), "rex says woof! [Dog('rex')] True ['sit']\n");
}

#[test]
fn properties_static_and_class_methods_bind_as_in_cpython() {
    let source = "class T:\n    count = 0\n    def __init__(self):\n        self._c = 0\n    @property\n    def c(self):\n        return self._c\n    @c.setter\n    def c(self, v):\n        self._c = v * 2\n    @staticmethod\n    def twice(x):\n        return 2 * x\n    @classmethod\n    def make(cls):\n        cls.count += 1\n        return cls()\nt = T.make()\nt.c = 5\nprint(t.c, T.twice(4), t.twice(1), T.count)\n";
    assert_eq!(stdout(source), "10 8 2 1\n");
}

#[test]
fn custom_exceptions_keep_their_arguments_and_context_managers_can_swallow() {
    let source = "class Oversold(Exception):\n    def __init__(self, left):\n        super().__init__(f'only {left} left')\n        self.left = left\nclass Quiet:\n    def __enter__(self):\n        return self\n    def __exit__(self, kind, value, tb):\n        print('exit', kind.__name__, value.left)\n        return True\nwith Quiet() as q:\n    raise Oversold(2)\nprint('after')\ntry:\n    raise Oversold(0)\nexcept Exception as e:\n    print(e, e.args)\n";
    assert_eq!(stdout(source), "exit Oversold 2\nafter\nonly 0 left ('only 0 left',)\n");
}

/// Runs `source` as the main module with a host that records its steps and returns.
fn run_recording_steps(source: &str) -> (Interpreter, TestHost) {
    let program = Program::parse("prog.py", source).expect("parses");
    let mut interp = Interpreter::new(&program, &[]).expect("no knobs");
    let mut host = TestHost::new(PathBuf::from("/nonexistent"));
    host.record_steps = true;
    interp.run_main(&mut host);
    (interp, host)
}

#[test]
fn the_host_is_told_every_statement_line_and_loops_step_at_their_header() {
    let (_, host) = run_recording_steps("total = 0\nfor i in range(2):\n    total += i\nprint(total)\n");
    assert_eq!(host.steps, vec![1, 2, 3, 2, 3, 2, 4]);
}

#[test]
fn the_host_is_told_the_line_a_call_returns_into_and_not_when_it_raises() {
    let source = "def f(x):\n    y = x + 1\n    return y\nprint(f(1), f(2))\ndef g():\n    raise ValueError('x')\ntry:\n    g()\nexcept ValueError:\n    f(0)\n";
    let (mut interp, mut host) = run_recording_steps(source);
    assert_eq!(host.steps, vec![1, 4, 2, 3, 2, 3, 5, 7, 8, 6, 9, 10, 2, 3]);
    assert_eq!(host.returns, vec![4, 4, 10]);
    // A child's target, run from inside the parent's statement, returns to no line of its own.
    let f = interp.global("f").expect("f is defined");
    interp.bootstrap(&mut host, &f, crate::python::Args::new(vec![Obj::Int(1)]), "Process-1");
    assert_eq!(host.returns, vec![4, 4, 10]);
}

#[test]
fn a_knob_replaces_the_module_constant_it_binds_to() {
    let source = "USE_LOCK = True  # knob\nTICKETS = 3\nprint(USE_LOCK, TICKETS)\n";
    let knobs = vec![("USE_LOCK".to_string(), Value::Bool(false)), ("TICKETS".to_string(), Value::Int(7))];
    assert_eq!(run_with(source, knobs).0, "False 7\n");
}

#[test]
fn deep_recursion_raises_recursion_error_instead_of_crashing() {
    let line = error_line("def down(n):\n    return down(n + 1)\ndown(0)\n");
    assert_eq!(line, "RecursionError: maximum recursion depth exceeded");
}

#[test]
fn program_errors_are_all_reported_with_their_positions() {
    let errors = Program::parse("prog.py", "def f():\n    yield 1\nreturn 2\nbreak\n").err().expect("refused");
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "prog.py:2:5: 'yield' is not supported by forkbook (generators)",
            "prog.py:3:1: 'return' outside function",
            "prog.py:4:1: 'break' outside loop",
        ]
    );
}

/// A host supplying a `Process`-like class whose `start` runs `run` in-process, and whose
/// `__init__` is the host's: enough to show a subclass overriding `run` works.
struct ProcessHost {
    inner: TestHost,
}

impl Host for ProcessHost {
    fn step(&mut self, interp: &mut Interpreter, line: u32) -> Result<(), Exc> {
        self.inner.step(interp, line)
    }
    fn write(&mut self, interp: &mut Interpreter, stream: Stream, text: &str) -> Result<(), Exc> {
        self.inner.write(interp, stream, text)
    }
    fn sleep(&mut self, interp: &mut Interpreter, seconds: f64) -> Result<(), Exc> {
        self.inner.sleep(interp, seconds)
    }
    fn time(&mut self) -> f64 {
        self.inner.time()
    }
    fn monotonic(&mut self) -> f64 {
        self.inner.monotonic()
    }
    fn cpu_seconds(&mut self) -> f64 {
        self.inner.cpu_seconds()
    }
    fn pid(&mut self) -> i64 {
        1
    }
    fn ppid(&mut self) -> i64 {
        0
    }
    fn cwd(&mut self) -> PathBuf {
        self.inner.cwd.clone()
    }
    fn random_seed(&mut self) -> u64 {
        0
    }
    fn import(&mut self, interp: &mut Interpreter, name: &str) -> Option<Result<Obj, Exc>> {
        if name != "multiprocessing" {
            return None;
        }
        let methods = vec![
            ("__init__", HostObj::obj("function", 1, HostKind::Method)),
            ("start", HostObj::obj("function", 2, HostKind::Method)),
            ("run", HostObj::obj("function", 3, HostKind::Method)),
        ];
        let class = interp.new_class("Process", "multiprocessing.context", None, methods);
        Some(class.map(|class| interp.new_module("multiprocessing", vec![("Process", class)])))
    }
    fn call(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        _: crate::python::Method<'_>,
        args: Args,
    ) -> Result<Obj, Exc> {
        let mut pos = args.pos.into_iter();
        let this = pos.next().unwrap_or(Obj::None);
        match obj.handle {
            1 => {
                let target = args.kw.into_iter().find(|(k, _)| &**k == "target").map_or(Obj::None, |(_, v)| v);
                interp.setattr(self, &this, "_target", target)?;
                Ok(Obj::None)
            }
            2 => {
                let run = interp.getattr(self, &this, "run")?;
                let exit = interp.bootstrap(self, &run, Args::none(), "Process-1");
                Ok(Obj::Int(i64::from(exit.code)))
            }
            _ => {
                let target = interp.getattr(self, &this, "_target")?;
                interp.call(self, &target, Args::none())
            }
        }
    }
    fn getattr(&mut self, _: &mut Interpreter, obj: &HostObj, name: &str) -> Result<Obj, Exc> {
        Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name)))
    }
}

#[test]
fn a_host_class_can_be_subclassed_and_its_methods_called_through_the_host() {
    let source = "from multiprocessing import Process\nclass Worker(Process):\n    def __init__(self, n):\n        super().__init__()\n        self.n = n\n    def run(self):\n        print('worker', self.n)\n        raise ValueError('boom')\ndef job():\n    print('job ran')\nprint(Worker(3).start())\nProcess(target=job).start()\n";
    let program = Program::parse("prog.py", source).expect("parses");
    let mut interp = Interpreter::new(&program, &[]).expect("no knobs");
    let mut host = ProcessHost { inner: TestHost::new(PathBuf::from("/nonexistent")) };
    let exit = interp.run_main(&mut host);
    assert_eq!(exit.code, 0, "{}", host.inner.stderr);
    assert_eq!(host.inner.stdout, "worker 3\n1\njob ran\n");
    assert!(
        host.inner.stderr.starts_with("Process Process-1:\nTraceback (most recent call last):\n"),
        "{}",
        host.inner.stderr
    );
    assert!(host.inner.stderr.ends_with("ValueError: boom\n"));
}
