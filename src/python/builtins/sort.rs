//! Sorting for `sorted()` and `list.sort()`: stable, by `<` only (as CPython's sort uses
//! only `__lt__`), with an optional key function and `reverse` that keeps equal items in
//! their order. A comparison may raise, so this is a merge sort that stops at the first
//! error instead of `slice::sort_by`, which needs a total order.

use crate::python::code::CmpOp;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

/// Sorts `items` in place.
pub fn sort_objects(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    items: &mut Vec<Obj>,
    key: Option<Obj>,
    reverse: bool,
) -> Result<(), Exc> {
    let mut keyed: Vec<(Obj, Obj)> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let k = match &key {
            Some(f) => interp.call(host, f, Args::new(vec![item.clone()]))?,
            None => item.clone(),
        };
        keyed.push((k, item));
    }
    if reverse {
        keyed.reverse();
    }
    let sorted = merge_sort(interp, host, keyed)?;
    items.extend(sorted.into_iter().map(|(_, item)| item));
    if reverse {
        items.reverse();
    }
    Ok(())
}

fn less(interp: &mut Interpreter, host: &mut dyn Host, a: &Obj, b: &Obj) -> Result<bool, Exc> {
    match (a, b) {
        (Obj::Int(x), Obj::Int(y)) => Ok(x < y),
        (Obj::Str(x), Obj::Str(y)) => Ok(x < y),
        _ => interp.compare_op(host, CmpOp::Lt, a, b),
    }
}

fn merge_sort(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    mut items: Vec<(Obj, Obj)>,
) -> Result<Vec<(Obj, Obj)>, Exc> {
    if items.len() <= 1 {
        return Ok(items);
    }
    if items.len() <= 8 {
        // Insertion sort: an item moves left only past items it is strictly less than.
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && less(interp, host, &items[j].0, &items[j - 1].0)? {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(items);
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(interp, host, items)?;
    let right = merge_sort(interp, host, right)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        let take_right = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => less(interp, host, &r.0, &l.0)?,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { right.next() } else { left.next() };
        out.extend(next);
    }
    Ok(out)
}
