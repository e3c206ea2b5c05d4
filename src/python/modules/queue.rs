//! `queue` (the thread-safe queues of one process) and `heapq`: `Queue`, `LifoQueue` and
//! `PriorityQueue` as classes a program can use and subclass, with `Empty`/`Full` and
//! their timeouts (a timed wait sleeps through the host, then raises). forkbook has no
//! threads, so a wait without a timeout on an empty (or full) queue could never end: it
//! raises instead of hanging. The heap keeps CPython's `heapq` order exactly.

use crate::python::object::Mutate;
use std::rc::Rc;

use super::make_module;
use crate::python::builtins::native;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Attrs, Class, NativeFn, Obj};

pub fn module(interp: &mut Interpreter) -> Obj {
    let methods: &[(&str, NativeFn)] = &[
        ("__init__", init),
        ("qsize", qsize),
        ("empty", empty),
        ("full", full),
        ("put", put),
        ("get", get),
        ("put_nowait", put_nowait),
        ("get_nowait", get_nowait),
        ("task_done", task_done),
        ("join", join),
    ];
    let mut attrs = Attrs::default();
    for (name, f) in methods {
        attrs.set(Rc::from(*name), native(name, *f));
    }
    attrs.set(Rc::from("_kind"), Obj::str("fifo"));
    let queue = Rc::new(Class::new(Rc::from("Queue"), Rc::from("Queue"), Rc::from("queue"), None, attrs));
    let subclass = |name: &str, kind: &str| {
        let mut attrs = Attrs::default();
        attrs.set(Rc::from("_kind"), Obj::str(kind));
        Obj::Class(Rc::new(Class::new(Rc::from(name), Rc::from(name), Rc::from("queue"), Some(queue.clone()), attrs)))
    };
    let (lifo, priority) = (subclass("LifoQueue", "lifo"), subclass("PriorityQueue", "priority"));
    make_module(
        "queue",
        &[],
        vec![
            ("Queue", Obj::Class(queue.clone())),
            ("LifoQueue", lifo),
            ("PriorityQueue", priority),
            ("SimpleQueue", Obj::Class(queue)),
            ("Empty", interp.exception_class(ExcKind::Empty)),
            ("Full", interp.exception_class(ExcKind::Full)),
        ],
    )
}

pub fn heapq_module() -> Obj {
    make_module("heapq", &[("heappush", heappush), ("heappop", heappop), ("heapify", heapify)], Vec::new())
}

fn receiver(args: &mut Args) -> Result<Obj, Exc> {
    if args.pos.is_empty() {
        return Err(Exc::type_error("a queue method needs its queue"));
    }
    Ok(args.pos.remove(0))
}

fn attr(interp: &mut Interpreter, host: &mut dyn Host, q: &Obj, name: &str) -> Result<Obj, Exc> {
    interp.getattr(host, q, name)
}

fn items(interp: &mut Interpreter, host: &mut dyn Host, q: &Obj) -> Result<Rc<std::cell::RefCell<Vec<Obj>>>, Exc> {
    match attr(interp, host, q, "queue")? {
        Obj::List(list) => Ok(list),
        _ => Err(Exc::type_error("the queue's 'queue' attribute is not a list")),
    }
}

fn init(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    let [maxsize] = args.bind("Queue", ["maxsize"], 0)?;
    interp.setattr(host, &q, "maxsize", maxsize.unwrap_or(Obj::Int(0)))?;
    interp.setattr(host, &q, "queue", Obj::list(Vec::new()))?;
    interp.setattr(host, &q, "unfinished_tasks", Obj::Int(0))?;
    Ok(Obj::None)
}

fn size(interp: &mut Interpreter, host: &mut dyn Host, q: &Obj) -> Result<(usize, i64), Exc> {
    let n = items(interp, host, q)?.borrow().len();
    let max = attr(interp, host, q, "maxsize")?.as_int().unwrap_or(0);
    Ok((n, max))
}

fn qsize(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    Ok(Obj::Int(size(interp, host, &q)?.0 as i64))
}

fn empty(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    Ok(Obj::Bool(size(interp, host, &q)?.0 == 0))
}

fn is_full(interp: &mut Interpreter, host: &mut dyn Host, q: &Obj) -> Result<bool, Exc> {
    let (n, max) = size(interp, host, q)?;
    Ok(max > 0 && n as i64 >= max)
}

fn full(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    is_full(interp, host, &q).map(Obj::Bool)
}

/// Waits as `block`/`timeout` say for a condition that, with no threads, cannot change.
fn wait(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    block: bool,
    timeout: Option<Obj>,
    kind: ExcKind,
    what: &str,
) -> Result<(), Exc> {
    match (block, timeout.filter(|t| !matches!(t, Obj::None))) {
        (false, _) => Err(Exc::with_args(kind, Vec::new())),
        (true, Some(t)) => {
            let seconds = t.as_float().unwrap_or(0.0);
            if seconds < 0.0 {
                return Err(Exc::value_error("'timeout' must be a non-negative number"));
            }
            host.sleep(interp, seconds)?;
            Err(Exc::with_args(kind, Vec::new()))
        }
        (true, None) => Err(Exc::runtime_error(format!(
            "queue.Queue.{what}() would wait forever: forkbook has no threads to {}",
            if what == "get" { "put an item" } else { "take an item" }
        ))),
    }
}

fn put(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    let [item, block, timeout] = args.bind("put", ["item", "block", "timeout"], 1)?;
    let block = match block {
        Some(b) => interp.truthy(host, &b)?,
        None => true,
    };
    if is_full(interp, host, &q)? {
        wait(interp, host, block, timeout, ExcKind::Full, "put")?;
    }
    let item = item.unwrap_or(Obj::None);
    let list = items(interp, host, &q)?;
    if kind(&q) == "priority" {
        heap_push(interp, host, &list, item)?;
    } else {
        list.mutate().push(item);
    }
    let unfinished = attr(interp, host, &q, "unfinished_tasks")?.as_int().unwrap_or(0);
    interp.setattr(host, &q, "unfinished_tasks", Obj::Int(unfinished + 1))?;
    Ok(Obj::None)
}

fn get(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    let [block, timeout] = args.bind("get", ["block", "timeout"], 0)?;
    let block = match block {
        Some(b) => interp.truthy(host, &b)?,
        None => true,
    };
    let list = items(interp, host, &q)?;
    if list.borrow().is_empty() {
        wait(interp, host, block, timeout, ExcKind::Empty, "get")?;
    }
    let item = match kind(&q).as_str() {
        "priority" => heap_pop(interp, host, &list)?,
        "lifo" => list.mutate().pop().unwrap_or(Obj::None),
        _ => {
            let mut list = list.mutate();
            if list.is_empty() { Obj::None } else { list.remove(0) }
        }
    };
    Ok(item)
}

fn put_nowait(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    args.kw.push((Rc::from("block"), Obj::Bool(false)));
    put(interp, host, args)
}

fn get_nowait(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    args.kw.push((Rc::from("block"), Obj::Bool(false)));
    get(interp, host, args)
}

fn task_done(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    let unfinished = attr(interp, host, &q, "unfinished_tasks")?.as_int().unwrap_or(0);
    if unfinished <= 0 {
        return Err(Exc::value_error("task_done() called too many times"));
    }
    interp.setattr(host, &q, "unfinished_tasks", Obj::Int(unfinished - 1))?;
    Ok(Obj::None)
}

fn join(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let q = receiver(&mut args)?;
    if attr(interp, host, &q, "unfinished_tasks")?.as_int().unwrap_or(0) > 0 {
        return Err(Exc::runtime_error(
            "queue.Queue.join() would wait forever: forkbook has no threads to finish the tasks",
        ));
    }
    Ok(Obj::None)
}

fn kind(q: &Obj) -> String {
    match q {
        Obj::Instance(instance) => {
            instance.class.lookup("_kind").and_then(|k| k.as_str().map(String::from)).unwrap_or_default()
        }
        _ => String::new(),
    }
}

type List = Rc<std::cell::RefCell<Vec<Obj>>>;

fn less(interp: &mut Interpreter, host: &mut dyn Host, a: &Obj, b: &Obj) -> Result<bool, Exc> {
    interp.compare_op(host, crate::python::code::CmpOp::Lt, a, b)
}

fn sift_down(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    heap: &List,
    start: usize,
    mut pos: usize,
) -> Result<(), Exc> {
    let item = heap.borrow()[pos].clone();
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let parent = heap.borrow()[parent_pos].clone();
        if less(interp, host, &item, &parent)? {
            heap.mutate()[pos] = parent;
            pos = parent_pos;
            continue;
        }
        break;
    }
    heap.mutate()[pos] = item;
    Ok(())
}

fn sift_up(interp: &mut Interpreter, host: &mut dyn Host, heap: &List, mut pos: usize) -> Result<(), Exc> {
    let end = heap.borrow().len();
    let start = pos;
    let item = heap.borrow()[pos].clone();
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (c, r) = (heap.borrow()[child].clone(), heap.borrow()[right].clone());
            if !less(interp, host, &c, &r)? {
                child = right;
            }
        }
        let moved = heap.borrow()[child].clone();
        heap.mutate()[pos] = moved;
        pos = child;
        child = 2 * pos + 1;
    }
    heap.mutate()[pos] = item;
    sift_down(interp, host, heap, start, pos)
}

fn heap_push(interp: &mut Interpreter, host: &mut dyn Host, heap: &List, item: Obj) -> Result<(), Exc> {
    heap.mutate().push(item);
    let last = heap.borrow().len() - 1;
    sift_down(interp, host, heap, 0, last)
}

fn heap_pop(interp: &mut Interpreter, host: &mut dyn Host, heap: &List) -> Result<Obj, Exc> {
    let last = heap.mutate().pop().ok_or_else(|| Exc::index_error("index out of range"))?;
    if heap.borrow().is_empty() {
        return Ok(last);
    }
    let top = std::mem::replace(&mut heap.mutate()[0], last);
    sift_up(interp, host, heap, 0)?;
    Ok(top)
}

fn heap_arg(args: &[Obj]) -> Result<List, Exc> {
    match args.first() {
        Some(Obj::List(list)) => Ok(list.clone()),
        _ => Err(Exc::type_error("heap argument must be a list")),
    }
}

fn heappush(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("heappush", 2, 2)?;
    heap_push(interp, host, &heap_arg(&pos)?, pos[1].clone())?;
    Ok(Obj::None)
}

fn heappop(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("heappop", 1, 1)?;
    heap_pop(interp, host, &heap_arg(&pos)?)
}

fn heapify(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("heapify", 1, 1)?;
    let heap = heap_arg(&pos)?;
    let n = heap.borrow().len();
    for i in (0..n / 2).rev() {
        sift_up(interp, host, &heap, i)?;
    }
    Ok(Obj::None)
}
