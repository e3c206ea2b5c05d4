//! The variables each statement reports: only changes, locals apart from globals, functions
//! and modules left out, long values cut, and nothing of the program run to make them.

use std::path::PathBuf;

use super::{ChangeList, Scope, VALUE_WIDTH, peek};
use crate::python::test_host::TestHost;
use crate::python::{Interpreter, Obj, Program};

/// One report, in plain strings: where the process is (when it changed), the variables
/// set (`.name=value` for a local) and the names gone.
struct Report {
    function: Option<Option<String>>,
    set: Vec<String>,
    gone: Vec<String>,
}

impl Report {
    fn of(changes: &ChangeList) -> Report {
        let set = changes
            .set
            .iter()
            .map(|v| format!("{}{}={}", if v.scope == Scope::Local { "." } else { "" }, v.name, v.value));
        Report {
            function: changes.function.as_ref().map(|f| f.as_ref().map(|f| f.to_string())),
            set: set.collect(),
            gone: changes.gone.iter().map(|(_, n)| n.to_string()).collect(),
        }
    }
}

/// Runs `source` watching variables; returns every report, in order.
fn reports(source: &str) -> Vec<Report> {
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let program = Program::parse("prog.py", &source).expect("parses");
            let mut interp = Interpreter::new(&program, &[]).expect("no knobs");
            interp.watch_variables(true);
            let mut host = TestHost::new(PathBuf::from("/nonexistent"));
            let exit = interp.run_main(&mut host);
            assert_eq!(exit.code, 0, "{}", host.stderr);
            host.variables.iter().map(Report::of).collect::<Vec<_>>()
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn each_statement_reports_only_what_changed() {
    let all = reports("count = 1\nname = 'x'\ncount = 2\ncount = 2\nprint(count)\n");
    // Before line 1: the module level, nothing yet. Before 2: count. Before 3: name.
    // Before 4: count=2. Before 5: nothing changed, so no report.
    let sets: Vec<Vec<String>> = all.iter().map(|r| r.set.clone()).collect();
    assert_eq!(sets, vec![vec![], vec!["count=1"], vec!["name='x'"], vec!["count=2"]]);
    assert_eq!(all[0].function, Some(None), "the first report says where it is");
    assert!(all[1..].iter().all(|c| c.function.is_none()));
}

#[test]
fn a_function_shows_its_locals_and_gives_them_up_on_return() {
    let source = "import json\ntotal = 0\ndef add(n):\n    m = n + 1\n    return m\ntotal = add(4)\nprint(total)\n";
    let all = reports(source);
    let entered = all.iter().position(|c| c.function == Some(Some("add".into()))).expect("entered add");
    assert_eq!(all[entered].set, vec![".n=4"]);
    assert_eq!(all[entered + 1].set, vec![".m=5"]);
    let back = &all[entered + 2];
    assert_eq!(back.function, Some(None));
    assert_eq!(back.set, vec!["total=5"]);
    assert_eq!(back.gone, vec!["n", "m"]);
    // The module, the function and dunder names are never variables.
    let names = all.iter().flat_map(|r| &r.set).map(|s| s.trim_start_matches('.').split('=').next().unwrap_or(""));
    assert!(names.clone().all(|n| !["json", "add", "__name__"].contains(&n)), "{:?}", names.collect::<Vec<_>>());
}

#[test]
fn a_mutated_list_is_reported_again() {
    let all = reports("xs = []\nxs.append(1)\nxs.append(2)\npass\n");
    let sets: Vec<Vec<String>> = all.iter().map(|r| r.set.clone()).filter(|s| !s.is_empty()).collect();
    assert_eq!(sets, vec![vec!["xs=[]"], vec!["xs=[1]"], vec!["xs=[1, 2]"]]);
}

#[test]
fn a_user_repr_is_not_run_to_show_an_instance() {
    let source = "class T:\n    def __init__(self):\n        self.count = 1\n    def __repr__(self):\n        print('ran')\n        return 'T!'\nt = T()\npass\n";
    let all = reports(source);
    let t = all.iter().flat_map(|r| &r.set).find(|v| v.starts_with("t=")).expect("t reported");
    assert_eq!(t, "t=T(count=1)");
}

#[test]
fn values_are_cut_at_the_width_and_cycles_end() {
    let long = peek::peek(&Obj::str(&"a".repeat(500)), VALUE_WIDTH);
    assert_eq!(long.chars().count(), VALUE_WIDTH);
    assert!(long.starts_with("'aaa") && long.ends_with('…'));
    let all = reports("xs = [1]\nxs.append(xs)\npass\n");
    let last = all.iter().flat_map(|r| &r.set).rfind(|v| v.starts_with("xs=")).expect("xs");
    let value = last.trim_start_matches("xs=");
    assert!(value.starts_with("[1, [1, [1, ") && value.chars().count() <= VALUE_WIDTH, "{value}");
}

#[test]
fn containers_read_as_python_writes_them() {
    let all = reports("t = (1,)\nd = {'count': 0, 'k': [1.5, None]}\ns = set()\nr = range(0, 10, 2)\npass\n");
    let shown: Vec<String> = all.iter().flat_map(|r| r.set.clone()).collect();
    assert_eq!(shown, vec!["t=(1,)", "d={'count': 0, 'k': [1.5, None]}", "s=set()", "r=range(0, 10, 2)"]);
}

#[test]
fn a_change_deep_inside_a_container_is_reported_and_an_untouched_one_is_not() {
    // The text of an unchanged container is not made again (its trace matches), yet a change
    // to an instance inside a list, a dict entry replaced by an equal-looking value of another
    // object, or a shortened list must each show.
    let source = "class P:\n    def __init__(self, n):\n        self.n = n\nps = [P(1), P(2)]\nd = {'k': [1]}\npass\nps[1].n = 5\npass\nd['k'] = [1]\nd['k'].append(2)\nps.pop()\npass\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).filter(|s| !s.starts_with('.')).collect();
    assert_eq!(
        sets,
        vec!["ps=[P(n=1), P(n=2)]", "d={'k': [1]}", "ps=[P(n=1), P(n=5)]", "d={'k': [1, 2]}", "ps=[P(n=1)]"]
    );
}

#[test]
fn a_cut_value_is_checked_only_as_far_as_it_was_shown() {
    // Past the width nothing is shown, so a change there reports nothing; a change inside it
    // does.
    let source = "xs = list(range(100))\npass\nxs[90] = -1\npass\nxs[0] = -1\npass\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).collect();
    assert_eq!(sets.len(), 2, "{sets:?}");
    assert!(sets[0].starts_with("xs=[0, 1, 2") && sets[1].starts_with("xs=[-1, 1, 2"), "{sets:?}");
}

#[test]
fn a_list_changed_through_an_alias_is_reported_again() {
    // `ys` and the global `xs` are one list; only `ys` is touched, in a function and at the
    // module level, and both names show every change.
    let source = "xs = [1]\ndef grow(ys):\n    ys.append(2)\n    ys[0] = 0\n    pass\ngrow(xs)\nzs = xs\nzs += [3]\npass\ndel zs[0]\npass\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).collect();
    for shown in ["xs=[1, 2]", "xs=[0, 2]", ".ys=[0, 2]", "xs=[0, 2, 3]", "zs=[0, 2, 3]", "xs=[2, 3]", "zs=[2, 3]"] {
        assert!(sets.iter().any(|s| s == shown), "{shown} not in {sets:?}");
    }
    assert_eq!(sets.last().map(String::as_str), Some("zs=[2, 3]"));
}

#[test]
fn a_list_sorted_by_a_python_key_is_shown_sorted() {
    // The key function runs statements (each observed) while the sort is under way; the
    // sorted list must still be shown once the sort is done.
    let source = "xs = [3, 1, 2]\ndef key(x):\n    return -x\nxs.sort(key=key)\npass\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).filter(|s| s.starts_with("xs=")).collect();
    assert_eq!(sets.last().map(String::as_str), Some("xs=[3, 2, 1]"), "{sets:?}");
}

#[test]
fn a_variable_rebound_elsewhere_is_reported_at_the_next_statement() {
    // `n` is rebound by another function through `global`, `c` by a closure through its
    // cell: the statements after each call must show the new values.
    let source = "n = 0\ndef f():\n    global n\n    n = 5\nf()\npass\ndef outer():\n    c = 0\n    def inc():\n        nonlocal c\n        c += 1\n    inc()\n    pass\nouter()\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).collect();
    assert!(sets.iter().any(|s| s == "n=5"), "{sets:?}");
    assert!(sets.iter().any(|s| s == ".c=1"), "{sets:?}");
}

#[test]
fn a_loop_that_rebinds_one_local_reports_it_and_every_other_change() {
    // Most steps rebind only `i` (looked at alone); the others also rebind `t`, unbind `d`,
    // bind a new local or change a list in place: each must still be reported.
    let source = "def work():\n    xs = []\n    d = 1\n    for i in range(4):\n        if i == 1:\n            xs.append(i)\n        if i == 2:\n            del d\n        if i == 3:\n            t = i\n    pass\nwork()\n";
    let all = reports(source);
    let sets: Vec<String> = all.iter().flat_map(|r| r.set.clone()).collect();
    for want in [".i=0", ".i=1", ".xs=[1]", ".i=2", ".i=3", ".t=3"] {
        assert!(sets.iter().any(|s| s == want), "{want} missing from {sets:?}");
    }
    let gone: Vec<String> = all.iter().flat_map(|r| r.gone.clone()).collect();
    assert!(gone.iter().any(|g| g == "d"), "{gone:?}");
    let i_reports = sets.iter().filter(|s| s.starts_with(".i=")).count();
    assert_eq!(i_reports, 4, "each value of i once: {sets:?}");
}

#[test]
fn a_loop_counter_shows_each_int_and_then_what_replaced_it() {
    // An int after an int takes the short way (its digits, no walk); the values at the i64
    // edges, a negative one, and a list after the ints must all read as Python writes them.
    let source = "def f():\n    for i in [-9223372036854775808, -1, 7, 9223372036854775807]:\n        pass\n    i = [i]\n    i.append(0)\n    i = 3\n    pass\nf()\n";
    let all = reports(source);
    let shown: Vec<String> = all.iter().flat_map(|r| r.set.clone()).filter(|s| s.starts_with(".i=")).collect();
    assert_eq!(
        shown,
        vec![
            ".i=-9223372036854775808",
            ".i=-1",
            ".i=7",
            ".i=9223372036854775807",
            ".i=[9223372036854775807]",
            ".i=[9223372036854775807, 0]",
            ".i=3"
        ]
    );
}

#[test]
fn a_new_frame_shows_the_globals_another_frame_changed_in_the_same_statement() {
    // `g()` rebinds `n`, then changes `items` in place as its last statement, and `f(1)`
    // starts a frame within the same statement: that frame's first report must carry the
    // new `items` (the globals are looked at again), and a frame of `f` with nothing
    // changed meanwhile reports only `x`.
    let source = "items = []\nn = 0\ndef f(x):\n    return x\ndef g():\n    global n\n    n = 2\n    items.append(1)\nf(0)\nf(5)\ng() or f(1)\n";
    let all = reports(source);
    let in_f: Vec<&Report> = all.iter().filter(|r| r.set.iter().any(|s| s.starts_with(".x="))).collect();
    assert_eq!(in_f.len(), 3, "one report per frame of f");
    assert_eq!(in_f[1].set, vec![".x=5"], "nothing else changed before f(5)");
    assert_eq!(in_f[2].set, vec![".x=1", "items=[1]"]);
}

#[test]
fn a_counter_that_carries_and_crosses_zero_shows_each_value() {
    let source = "def f():\n    for i in [-2, -1, 0, 1, 9, 10, 99, 100, 101]:\n        pass\nf()\n";
    let all = reports(source);
    let shown: Vec<String> = all.iter().flat_map(|r| r.set.clone()).filter(|s| s.starts_with(".i=")).collect();
    let want: Vec<String> = [-2, -1, 0, 1, 9, 10, 99, 100, 101].iter().map(|n| format!(".i={n}")).collect();
    assert_eq!(shown, want);
}
