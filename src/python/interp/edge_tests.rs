//! Every integer operation at the i64 edges, through the whole interpreter: each must give a
//! value or raise a Python exception, never reach a Rust panic (a lesson process would die of
//! it). Runs in-process on the test host.

use std::path::PathBuf;

use crate::python::test_host::TestHost;
use crate::python::{Interpreter, Program};

const EDGES: &str = r#"
M = 9223372036854775807
m = -M - 1
values = [m, m + 1, -3, -2, -1, 0, 1, 2, 3, 63, 64, M - 1, M]
ops = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
    lambda a, b: a // b, lambda a, b: a % b, lambda a, b: divmod(a, b), lambda a, b: a ** b,
    lambda a, b: a << b, lambda a, b: a >> b, lambda a, b: a & b, lambda a, b: a | b,
    lambda a, b: a ^ b, lambda a, b: pow(a, b, 7), lambda a, b: pow(7, a, b),
    lambda a, b: round(a, b), lambda a, b: -a, lambda a, b: ~a, lambda a, b: abs(a),
    lambda a, b: len(range(a, b)), lambda a, b: b in range(a, M), lambda a, b: a in range(m, M, 3),
    lambda a, b: range(a, b, 3)[-1], lambda a, b: range(m, M, 3)[a], lambda a, b: range(a, b)[::b],
    lambda a, b: range(a, b, 2)[a:b], lambda a, b: list(enumerate('ab', a)),
    lambda a, b: [1, 2, 3][a:b:b], lambda a, b: 'abc'[a], lambda a, b: 'abc'[a:b:b],
    lambda a, b: 'ab' * a, lambda a, b: [0] * a, lambda a, b: bytes(a), lambda a, b: chr(a),
    lambda a, b: 'abc'.find('b', a, b), lambda a, b: [1, 2, 3].index(2, a, b),
    lambda a, b: '%d %x %o' % (a, a, a), lambda a, b: format(a, ','), lambda a, b: hex(a),
    lambda a, b: float(a) * b, lambda a, b: int(float(a)), lambda a, b: a.bit_length(),
    lambda a, b: a.to_bytes(8, 'big', signed=True), lambda a, b: sorted([a, b]),
    lambda a, b: sum([a, b]), lambda a, b: max(a, b) - min(a, b), lambda a, b: hash(a) + b,
]
raised = 0
for op in ops:
    for a in values:
        for b in values:
            try:
                op(a, b)
            except Exception:
                raised += 1
print(raised > 0)
"#;

#[test]
fn integer_operations_at_the_i64_edges_raise_python_errors_and_never_panic() {
    let outcome = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let program = Program::parse("edges.py", EDGES).expect("parses");
            let mut interp = Interpreter::new(&program, &[]).expect("no knobs");
            let mut host = TestHost::new(PathBuf::from("/nonexistent"));
            let exit = interp.run_main(&mut host);
            (host.stdout, host.stderr, exit.code)
        })
        .expect("thread starts")
        .join();
    let (out, err, code) = outcome.expect("no operation panicked");
    assert_eq!((out.as_str(), code), ("True\n", 0), "{err}");
}
