//! The hash table behind `dict` and `set`: entries kept in insertion order (as CPython's
//! dict keeps them) with an index from `Key`, the hashable form of a key. `Key` folds what
//! Python's `==` joins: `1`, `1.0` and `True` are one key, and the first key object stored
//! is the one kept, as in CPython.

use std::collections::HashMap;
use std::rc::Rc;

use super::Obj;
use super::set_order::{Probe, cpython_hash};
use crate::python::exception::Exc;

/// The hashable identity of a dict key or set member.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    None,
    Int(i64),
    /// A float that is not a whole number, by its bits.
    Float(u64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Key]>),
    /// An object hashed by identity (functions, classes, instances without `__eq__`).
    Id(usize),
    Host(Rc<str>, u64),
    Ellipsis,
    /// A frozenset, by its members' keys in order.
    Frozen(Rc<[Key]>),
}

impl Key {
    /// The key of `obj`, or `TypeError: unhashable type: 'list'`.
    pub fn of(obj: &Obj) -> Result<Key, Exc> {
        Ok(match obj {
            Obj::None => Key::None,
            Obj::Ellipsis => Key::Ellipsis,
            Obj::Bool(b) => Key::Int(i64::from(*b)),
            Obj::Int(i) => Key::Int(*i),
            Obj::Float(x) => float_key(*x),
            Obj::Str(s) => Key::Str(s.clone()),
            Obj::Bytes(b) => Key::Bytes(b.clone()),
            Obj::Tuple(items) => Key::Tuple(items.iter().map(Key::of).collect::<Result<Rc<[Key]>, Exc>>()?),
            Obj::Host(host) => Key::Host(host.type_name.clone(), host.handle),
            Obj::FrozenSet(set) => {
                let mut keys = set.iter().map(|(k, _)| Key::of(k)).collect::<Result<Vec<Key>, Exc>>()?;
                keys.sort();
                Key::Frozen(Rc::from(keys))
            }
            Obj::List(_) | Obj::Dict(_) | Obj::Set(_) | Obj::View(_) | Obj::Slice(_) => {
                return Err(unhashable(obj));
            }
            Obj::Instance(instance) => {
                let defines = |name: &str| instance.class.lookup_user(name).is_some();
                if defines("__hash__") {
                    return Err(Exc::type_error(format!(
                        "forkbook cannot use '{}' objects as keys: a custom __hash__ is not supported",
                        instance.class.name
                    )));
                }
                if defines("__eq__") {
                    return Err(unhashable(obj));
                }
                Key::Id(obj.address().unwrap_or(0))
            }
            other => Key::Id(other.address().unwrap_or(0)),
        })
    }

    /// Python's `hash()`: CPython's value for ints, floats and tuples (a str's differs, as
    /// CPython randomises those per run).
    pub fn python_hash(&self) -> i64 {
        cpython_hash(self) as i64
    }

    /// A fixed hash of the key (ints hash to themselves, -1 to -2; others by content).
    pub fn hash(&self) -> i64 {
        use std::hash::{Hash, Hasher};
        match self {
            Key::Int(-1) => -2,
            Key::Int(i) => *i,
            Key::None => 0x0f4e_6f6e,
            other => {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                Hash::hash(other, &mut hasher);
                hasher.finish() as i64
            }
        }
    }
}

fn float_key(x: f64) -> Key {
    if x.fract() == 0.0 && x.abs() < 9.2e18 { Key::Int(x as i64) } else { Key::Float(x.to_bits()) }
}

fn unhashable(obj: &Obj) -> Exc {
    Exc::type_error(format!("unhashable type: '{}'", obj.type_name()))
}

/// What a table maps keys to: a dict's values, iterated in insertion order, or nothing (a
/// set), iterated in CPython's hash-table order.
pub trait Member: Clone {
    const HASH_ORDER: bool;
}

impl Member for Obj {
    const HASH_ORDER: bool = false;
}

impl Member for () {
    const HASH_ORDER: bool = true;
}

/// A hash table from keys to `V` (`Obj` for a dict, `()` for a set).
#[derive(Debug)]
pub struct Table<V> {
    entries: Vec<Option<(Obj, V)>>,
    index: HashMap<Key, usize>,
    /// A set's iteration order, as CPython's table has it.
    order: Option<Probe>,
}

impl<V: Member> Default for Table<V> {
    fn default() -> Self {
        Table { entries: Vec::new(), index: HashMap::new(), order: V::HASH_ORDER.then(Probe::default) }
    }
}

/// A copy: a set's copy is laid out as CPython lays out `set(other)`.
impl<V: Member> Clone for Table<V> {
    fn clone(&self) -> Self {
        Table {
            entries: self.entries.clone(),
            index: self.index.clone(),
            order: self.order.as_ref().map(Probe::copied),
        }
    }
}

impl<V: Member> Table<V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// An exact copy, iteration order included (where `clone` lays a set out anew).
    pub fn snapshot(&self) -> Self {
        Table { entries: self.entries.clone(), index: self.index.clone(), order: self.order.clone() }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn get(&self, key: &Key) -> Option<&V> {
        let &at = self.index.get(key)?;
        self.entries[at].as_ref().map(|(_, v)| v)
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.index.contains_key(key)
    }

    /// Stores `value` under `key`; a new key keeps `obj`, an existing one keeps its object.
    pub fn insert(&mut self, key: Key, obj: Obj, value: V) -> Option<V> {
        if let Some(&at) = self.index.get(&key)
            && let Some((_, slot)) = self.entries[at].as_mut()
        {
            return Some(std::mem::replace(slot, value));
        }
        if let Some(order) = &mut self.order {
            order.add(cpython_hash(&key), u32::try_from(self.entries.len()).unwrap_or(u32::MAX));
        }
        self.index.insert(key, self.entries.len());
        self.entries.push(Some((obj, value)));
        None
    }

    pub fn remove(&mut self, key: &Key) -> Option<(Obj, V)> {
        let at = self.index.remove(key)?;
        if let Some(order) = &mut self.order {
            order.discard(u32::try_from(at).unwrap_or(u32::MAX));
        }
        let removed = self.entries[at].take();
        if self.entries.len() > 16 && self.index.len() * 2 < self.entries.len() {
            self.compact();
        }
        removed
    }

    /// Removes and returns the last entry (`dict.popitem()`).
    pub fn pop_last(&mut self) -> Option<(Obj, V)> {
        while let Some(entry) = self.entries.pop() {
            if let Some((obj, value)) = entry {
                let key = Key::of(&obj).ok()?;
                self.index.remove(&key);
                return Some((obj, value));
            }
        }
        None
    }

    /// Removes and returns the entry `set.pop()` takes (a dict's first).
    pub fn pop_first(&mut self) -> Option<(Obj, V)> {
        let at = match &mut self.order {
            Some(order) => order.pop()? as usize,
            None => self.entries.iter().position(Option::is_some)?,
        };
        let (obj, value) = self.entries[at].take()?;
        self.index.remove(&Key::of(&obj).ok()?);
        Some((obj, value))
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        if self.order.is_some() {
            self.order = Some(Probe::default());
        }
    }

    /// The live entries, in iteration order.
    pub fn iter(&self) -> impl Iterator<Item = (&Obj, &V)> {
        let positions: Box<dyn Iterator<Item = usize> + '_> = match &self.order {
            Some(order) => Box::new(order.order().map(|e| e as usize)),
            None => Box::new(0..self.entries.len()),
        };
        positions.filter_map(|at| self.entries.get(at).and_then(Option::as_ref).map(|(k, v)| (k, v)))
    }

    /// The key objects, cloned.
    pub fn keys(&self) -> Vec<Obj> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// The entry at or after position `at` of the entry vector, and the position after it:
    /// how an iterator walks the table while it may change.
    pub fn entry_from(&self, mut at: usize) -> Option<(usize, &Obj, &V)> {
        while let Some(entry) = self.entries.get(at) {
            if let Some((k, v)) = entry {
                return Some((at + 1, k, v));
            }
            at += 1;
        }
        None
    }

    fn compact(&mut self) {
        let mut new_of = Vec::with_capacity(self.entries.len());
        let mut next = 0u32;
        for entry in &self.entries {
            new_of.push(next);
            next += u32::from(entry.is_some());
        }
        if let Some(order) = &mut self.order {
            order.renumber(&new_of);
        }
        self.entries.retain(Option::is_some);
        for (at, entry) in self.entries.iter().enumerate() {
            if let Some((obj, _)) = entry
                && let Ok(key) = Key::of(obj)
            {
                self.index.insert(key, at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_true_and_one_point_oh_are_the_same_key_and_the_first_object_stays() {
        let mut table = Table::new();
        table.insert(Key::of(&Obj::Int(1)).expect("hashable"), Obj::Int(1), Obj::str("a"));
        table.insert(Key::of(&Obj::Bool(true)).expect("hashable"), Obj::Bool(true), Obj::str("b"));
        table.insert(Key::of(&Obj::Float(1.0)).expect("hashable"), Obj::Float(1.0), Obj::str("c"));
        assert_eq!(table.len(), 1);
        let (key, value) = table.iter().next().expect("one entry");
        assert!(matches!(key, Obj::Int(1)));
        assert_eq!(value.as_str(), Some("c"));
    }

    #[test]
    fn a_dict_keeps_insertion_order_through_removal_and_a_set_keeps_hash_order() {
        let mut dict = Table::new();
        let mut set = Table::new();
        for i in 0..40 {
            dict.insert(Key::Int(i), Obj::Int(i), Obj::None);
            set.insert(Key::Int(i), Obj::Int(i), ());
        }
        for i in 0..30 {
            dict.remove(&Key::Int(i));
            set.remove(&Key::Int(i));
        }
        dict.insert(Key::Int(5), Obj::Int(5), Obj::None);
        set.insert(Key::Int(5), Obj::Int(5), ());
        let keys = |t: Vec<Obj>| t.iter().filter_map(Obj::as_int).collect::<Vec<i64>>();
        assert_eq!(keys(dict.keys()), vec![30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 5]);
        // python3: s = set(range(40)); [s.discard(i) for i in range(30)]; s.add(5); print(s)
        assert_eq!(keys(set.keys()), vec![5, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
        assert!(dict.contains(&Key::Int(39)) && set.contains(&Key::Int(39)));
    }

    #[test]
    fn lists_are_unhashable() {
        let error = Key::of(&Obj::list(vec![])).expect_err("a list is unhashable");
        assert!(format!("{error:?}").contains("unhashable type: 'list'"));
    }
}
