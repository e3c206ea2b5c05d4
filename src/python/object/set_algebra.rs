//! Set algebra the way CPython's `setobject.c` does it, step for step, since the steps
//! decide the result's iteration order: `a | b` copies `a` then adds `b`'s members,
//! `a & b` walks the smaller set, `a - b` walks `a` (or copies `a` and removes `b` when
//! `a` is over four times larger), `a ^ b` starts from a copy of `b`.

use super::{Key, Obj, Table};

/// The other operand: a set (walked in its table order) or any iterable's items.
pub enum Other {
    Set(Table<()>),
    Items(Vec<Obj>),
}

impl Other {
    fn members(&self) -> Vec<Obj> {
        match self {
            Other::Set(set) => set.keys(),
            Other::Items(items) => items.clone(),
        }
    }
}

fn add(set: &mut Table<()>, item: Obj) {
    if let Ok(key) = Key::of(&item) {
        set.insert(key, item, ());
    }
}

fn has(set: &Table<()>, item: &Obj) -> bool {
    Key::of(item).is_ok_and(|key| set.contains(&key))
}

fn discard(set: &mut Table<()>, item: &Obj) -> bool {
    Key::of(item).is_ok_and(|key| set.remove(&key).is_some())
}

/// A set built by adding `items` in order.
pub fn from_items(items: Vec<Obj>) -> Table<()> {
    let mut set = Table::new();
    for item in items {
        add(&mut set, item);
    }
    set
}

/// `a |= b`, `a.update(b)`.
pub fn update(a: &mut Table<()>, b: &Other) {
    for item in b.members() {
        add(a, item);
    }
}

/// `a | b`, `a.union(b)`.
pub fn union(a: &Table<()>, b: &Other) -> Table<()> {
    let mut result = a.clone();
    update(&mut result, b);
    result
}

/// `a & b`, `a.intersection(b)`.
pub fn intersection(a: &Table<()>, b: &Other) -> Table<()> {
    let mut result = Table::new();
    match b {
        Other::Set(b) if b.len() > a.len() => {
            for item in a.keys() {
                if has(b, &item) {
                    add(&mut result, item);
                }
            }
        }
        _ => {
            for item in b.members() {
                if has(a, &item) {
                    add(&mut result, item);
                }
            }
        }
    }
    result
}

/// `a -= b`, `a.difference_update(b)`.
pub fn difference_update(a: &mut Table<()>, b: &Other) {
    for item in b.members() {
        discard(a, &item);
    }
}

/// `a - b`, `a.difference(b)`.
pub fn difference(a: &Table<()>, b: &Other) -> Table<()> {
    match b {
        Other::Set(b) if (a.len() >> 2) <= b.len() => {
            let mut result = Table::new();
            for item in a.keys() {
                if !has(b, &item) {
                    add(&mut result, item);
                }
            }
            result
        }
        _ => {
            let mut result = a.clone();
            difference_update(&mut result, b);
            result
        }
    }
}

/// Removes each of `items` that is a member, adds each that is not.
fn toggle(set: &mut Table<()>, items: Vec<Obj>) {
    for item in items {
        if !discard(set, &item) {
            add(set, item);
        }
    }
}

/// `a ^= b`, `a.symmetric_difference_update(b)`.
pub fn symmetric_difference_update(a: &mut Table<()>, b: &Other) {
    let items = match b {
        Other::Set(set) => set.keys(),
        Other::Items(items) => from_items(items.clone()).keys(),
    };
    toggle(a, items);
}

/// `a ^ b`, `a.symmetric_difference(b)`.
pub fn symmetric_difference(a: &Table<()>, b: &Other) -> Table<()> {
    let mut result = match b {
        Other::Set(set) => set.clone(),
        Other::Items(items) => from_items(items.clone()),
    };
    toggle(&mut result, a.keys());
    result
}

/// `a.issubset(b)` (`a <= b`).
pub fn is_subset(a: &Table<()>, b: &Table<()>) -> bool {
    a.len() <= b.len() && a.keys().iter().all(|item| has(b, item))
}

/// Whether `a` and `b` share no member.
pub fn is_disjoint(a: &Table<()>, b: &Other) -> bool {
    b.members().iter().all(|item| !has(a, item))
}
