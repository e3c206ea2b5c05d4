use super::*;

fn call(r: &mut Referent, method: &str, pos: &[Value]) -> Outcome {
    r.call(method, &CallArgs { pos, kw: &[] }, true)
}

fn value(outcome: Outcome) -> Value {
    match outcome {
        Outcome::Done { result: Ok(v), .. } => v,
        other => panic!("expected a value, got {other:?}"),
    }
}

fn raised(outcome: Outcome) -> (String, Vec<Value>) {
    match outcome {
        Outcome::Done { result: Err(r), .. } => (r.class.to_string(), r.args),
        other => panic!("expected an exception, got {other:?}"),
    }
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

#[test]
fn a_dict_keeps_insertion_order_and_shows_each_change() {
    let mut d = Referent::make(TypeId::Dict, "d", &[]).expect("made");
    match call(&mut d, "__setitem__", &[s("b"), Value::Int(1)]) {
        Outcome::Done { events, changed: true, .. } => assert_eq!(
            events,
            vec![EventKind::ValueWritten {
                object: "d".into(),
                index: None,
                value: Value::Dict(vec![(s("b"), Value::Int(1))])
            }]
        ),
        other => panic!("{other:?}"),
    }
    call(&mut d, "__setitem__", &[s("a"), Value::Int(2)]);
    call(&mut d, "__setitem__", &[s("b"), Value::Int(3)]);
    assert_eq!(value(call(&mut d, "keys", &[])), Value::List(vec![s("b"), s("a")]));
    assert_eq!(value(call(&mut d, "__getitem__", &[s("b")])), Value::Int(3));
    assert_eq!(value(call(&mut d, "get", &[s("z"), Value::Int(0)])), Value::Int(0));
    assert_eq!(raised(call(&mut d, "__getitem__", &[s("z")])), ("KeyError".into(), vec![s("z")]));
    assert_eq!(value(call(&mut d, "pop", &[s("a")])), Value::Int(2));
    assert_eq!(value(call(&mut d, "__len__", &[])), Value::Int(1));
    assert_eq!(value(call(&mut d, "__str__", &[])), s("{'b': 3}"));
}

#[test]
fn a_list_raises_what_a_python_list_raises() {
    let mut l = Referent::make(TypeId::List, "l", &[Value::List(vec![Value::Int(1)])]).expect("made");
    call(&mut l, "append", &[Value::Int(2)]);
    assert_eq!(value(call(&mut l, "__getitem__", &[Value::Int(-1)])), Value::Int(2));
    assert_eq!(raised(call(&mut l, "__getitem__", &[Value::Int(2)])).0, "IndexError");
    assert_eq!(value(call(&mut l, "pop", &[])), Value::Int(2));
    assert_eq!(value(call(&mut l, "pop", &[])), Value::Int(1));
    assert_eq!(raised(call(&mut l, "pop", &[])), ("IndexError".into(), vec![s("pop from empty list")]));
    assert_eq!(raised(call(&mut l, "sort", &[])).0, "AttributeError");
}

#[test]
fn a_queue_get_waits_when_empty_and_gives_up_only_after_its_timeout() {
    let mut q = Referent::make(TypeId::Queue, "q", &[Value::Int(1)]).expect("made");
    assert_eq!(
        call(&mut q, "get", &[Value::Bool(true), Value::Float(0.5)]),
        Outcome::Blocks { op: WaitOp::Get, timeout_s: Some(0.5) }
    );
    // The timeout passed: tried again without blocking, it raises Empty and says why.
    match q.call("get", &CallArgs { pos: &[Value::Bool(true), Value::Float(0.5)], kw: &[] }, false) {
        Outcome::Done { result: Err(r), events, .. } => {
            assert_eq!(r.class, "Empty");
            assert!(matches!(events.as_slice(), [EventKind::GaveUp { why: GiveUp::TimedOut, .. }]));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(call(&mut q, "put", &[s("x")]), Outcome::Done { result: Ok(_), changed: true, .. }));
    assert_eq!(call(&mut q, "put", &[s("y")]), Outcome::Blocks { op: WaitOp::Put, timeout_s: None });
    assert_eq!(raised(call(&mut q, "put_nowait", &[s("y")])).0, "Full");
    assert_eq!(value(call(&mut q, "get", &[])), s("x"));
    assert_eq!(raised(call(&mut q, "get_nowait", &[])).0, "Empty");
    assert_eq!(raised(call(&mut q, "get", &[Value::Bool(true), Value::Int(-1)])).0, "ValueError");
}

#[test]
fn a_joinable_queue_joins_once_every_item_is_done() {
    let mut q = Referent::make(TypeId::JoinableQueue, "q", &[]).expect("made");
    call(&mut q, "put", &[Value::Int(1)]);
    assert_eq!(call(&mut q, "join", &[]), Outcome::Blocks { op: WaitOp::QueueJoin, timeout_s: None });
    call(&mut q, "get", &[]);
    assert!(matches!(call(&mut q, "task_done", &[]), Outcome::Done { result: Ok(_), .. }));
    assert!(matches!(call(&mut q, "join", &[]), Outcome::Done { result: Ok(_), .. }));
    assert_eq!(raised(call(&mut q, "task_done", &[])).0, "ValueError");
}

#[test]
fn an_event_wait_returns_at_once_when_set_and_false_after_a_timeout() {
    let mut e = Referent::make(TypeId::Event, "e", &[]).expect("made");
    assert_eq!(call(&mut e, "wait", &[Value::Int(1)]), Outcome::Blocks { op: WaitOp::Wait, timeout_s: Some(1.0) });
    assert_eq!(value(e.call("wait", &CallArgs { pos: &[Value::Int(1)], kw: &[] }, false)), Value::Bool(false));
    call(&mut e, "set", &[]);
    assert_eq!(value(call(&mut e, "wait", &[])), Value::Bool(true));
    assert_eq!(value(call(&mut e, "is_set", &[])), Value::Bool(true));
}

#[test]
fn a_made_object_is_created_in_the_managers_name_with_its_content() {
    let v = Referent::make(TypeId::Value, "v", &[s("i"), Value::Int(3)]).expect("made");
    let events = v.created_events(7, "SyncManager-1");
    assert!(matches!(&events[0], EventKind::Created { py_line: 7, manager: Some(m), .. } if m == "SyncManager-1"));
    assert!(matches!(&events[1], EventKind::ValueWritten { value: Value::Int(3), .. }));
    assert_eq!(Referent::make(TypeId::Dict, "d", &[Value::Int(1)]).expect_err("an error").class, "TypeError");
}
