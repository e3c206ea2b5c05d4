//! One job submitted to a pool (an `apply_async`, a `map`, an `imap`): its items' results as
//! they arrive in chunks, in input order and in arrival order, and what its caller, its
//! callbacks and its iterator see. Values and errors are plain `Value`s; what an error
//! payload means is up to the interpreter that made the job.

use crate::value::Value;

/// What a job returns to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `apply`/`apply_async`: one value.
    One,
    /// `map`, `starmap` and their async forms: the list.
    List,
    /// `imap` (`ordered`) and `imap_unordered`: an iterator.
    Iter { ordered: bool },
}

/// The callbacks of an async job (`callback`, `error_callback`), of whatever type the
/// interpreter calls.
#[derive(Clone, Debug)]
pub struct Callbacks<C> {
    pub callback: Option<C>,
    pub error_callback: Option<C>,
}

impl<C> Default for Callbacks<C> {
    fn default() -> Self {
        Callbacks { callback: None, error_callback: None }
    }
}

/// A callback due now that a job finished, and what it is called with: the job's value, or
/// its first error.
#[derive(Debug)]
pub struct Finished<C> {
    pub call: C,
    pub with: Result<Value, Value>,
}

/// What an iterator's `next()` finds.
#[derive(Debug)]
pub enum Next {
    /// The next result (or the error in its place).
    Item(Result<Value, Value>),
    /// Every result was handed out.
    Exhausted,
    /// The next result has not arrived yet.
    Pending,
}

/// One submitted job and what came back so far.
#[derive(Debug)]
pub struct Job<C> {
    shape: Shape,
    chunksize: usize,
    chunks: usize,
    results: Vec<Option<Result<Value, Value>>>,
    /// Item indices in the order their results arrived (imap_unordered).
    arrived: Vec<usize>,
    /// How many the iterator has handed out.
    taken: usize,
    received: usize,
    /// Where the first error in input order is (`error` does not look through them all).
    first_error: Option<usize>,
    callbacks: Callbacks<C>,
    done: bool,
}

impl<C: Clone> Job<C> {
    /// A job of `items` calls cut into chunks of `chunksize`.
    pub fn new(shape: Shape, items: usize, chunksize: usize, callbacks: Callbacks<C>) -> Job<C> {
        let chunksize = chunksize.max(1);
        let chunks = items.div_ceil(chunksize);
        Job {
            shape,
            chunksize,
            chunks,
            results: vec![None; items],
            arrived: Vec::new(),
            taken: 0,
            received: 0,
            first_error: None,
            callbacks,
            done: chunks == 0,
        }
    }

    /// Whether the caller's `get()` would return now.
    pub fn done(&self) -> bool {
        self.done
    }

    /// The first error among the results, if any.
    pub fn error(&self) -> Option<Value> {
        self.results.get(self.first_error?)?.as_ref()?.as_ref().err().cloned()
    }

    /// A finished job's value (`apply`: the one value, else the list), or its first error.
    pub fn outcome(&self) -> Result<Value, Value> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        let values: Vec<Value> = self.values().cloned().collect();
        Ok(match self.shape {
            Shape::One => values.into_iter().next().unwrap_or(Value::None),
            _ => Value::List(values),
        })
    }

    /// What the job returns to its caller (one value, a list, an iterator).
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// Each item's value so far, in input order (None where it has none): what `outcome`
    /// lists, without copying it.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.results.iter().map(|r| match r {
            Some(Ok(value)) => value,
            _ => &Value::None,
        })
    }

    /// Records chunk `chunk`'s answer: its values, or one error for the whole chunk (as
    /// CPython's `mapstar` fails at the first). When that finishes the job, the callback due.
    pub fn record(&mut self, chunk: usize, answer: Result<Vec<Value>, Value>) -> Option<Finished<C>> {
        let start = chunk * self.chunksize;
        let failed = answer.is_err();
        match answer {
            Ok(values) => {
                for (k, value) in values.into_iter().enumerate() {
                    if let Some(slot) = self.results.get_mut(start + k) {
                        *slot = Some(Ok(value));
                        if self.keeps_arrival() {
                            self.arrived.push(start + k);
                        }
                    }
                }
            }
            Err(error) => {
                let end = (start + self.chunksize).min(self.results.len());
                if start < end {
                    self.first_error = Some(self.first_error.map_or(start, |at| at.min(start)));
                }
                for at in start..end {
                    self.results[at] = Some(Err(error.clone()));
                    if self.keeps_arrival() {
                        self.arrived.push(at);
                    }
                }
            }
        }
        self.received += 1;
        // map and apply finish at the first error; iterators hand it out in its place.
        let stops = failed && !matches!(self.shape, Shape::Iter { .. });
        if (self.received < self.chunks && !stops) || self.done {
            return None;
        }
        self.done = true;
        // The outcome (a copy of every value) is made only for a callback.
        let call = match self.error() {
            None => self.callbacks.callback.clone(),
            Some(_) => self.callbacks.error_callback.clone(),
        };
        call.map(|call| Finished { call, with: self.outcome() })
    }

    /// Fails the whole job before any task ran (its function could not be sent).
    pub fn fail(&mut self, error: Value) -> Option<Finished<C>> {
        self.chunks = self.chunks.max(1);
        self.received = self.chunks - 1;
        self.record(0, Err(error))
    }

    /// The iterator's next result: in input order, or in arrival order (`imap_unordered`).
    pub fn next(&mut self) -> Next {
        if self.taken >= self.results.len() {
            return Next::Exhausted;
        }
        match self.next_index().and_then(|at| self.results[at].clone()) {
            Some(item) => {
                self.taken += 1;
                Next::Item(item)
            }
            None => Next::Pending,
        }
    }

    /// Whether `next` would not be `Pending`.
    pub fn has_next(&self) -> bool {
        self.taken >= self.results.len() || self.next_index().is_some()
    }

    /// Whether the arrival order is kept: only `imap_unordered` hands results out in it.
    fn keeps_arrival(&self) -> bool {
        self.shape == Shape::Iter { ordered: false }
    }

    /// Where the iterator's next result is, once it has arrived.
    fn next_index(&self) -> Option<usize> {
        match self.shape {
            Shape::Iter { ordered: false } => self.arrived.get(self.taken).copied(),
            _ => Some(self.taken).filter(|&i| self.results.get(i).is_some_and(Option::is_some)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64]) -> Vec<Value> {
        v.iter().map(|n| Value::Int(*n)).collect()
    }

    #[test]
    fn a_map_finishes_when_every_chunk_arrived_and_keeps_input_order() {
        let mut job = Job::new(Shape::List, 5, 2, Callbacks { callback: Some("cb"), error_callback: None });
        assert!(job.record(2, Ok(ints(&[4]))).is_none());
        assert!(job.record(0, Ok(ints(&[0, 1]))).is_none());
        let finished = job.record(1, Ok(ints(&[2, 3]))).expect("the callback is due");
        assert_eq!(finished.call, "cb");
        assert_eq!(finished.with, Ok(Value::List(ints(&[0, 1, 2, 3, 4]))));
        assert!(job.done());
        assert_eq!(job.values().cloned().collect::<Vec<_>>(), ints(&[0, 1, 2, 3, 4]));
    }

    #[test]
    fn a_failed_chunk_finishes_a_map_at_once_with_its_error() {
        let mut job: Job<&str> =
            Job::new(Shape::List, 4, 1, Callbacks { callback: Some("cb"), error_callback: Some("err") });
        let finished = job.record(3, Err(Value::Str("boom".into()))).expect("error_callback is due");
        assert_eq!((finished.call, finished.with), ("err", Err(Value::Str("boom".into()))));
        assert!(job.record(0, Ok(ints(&[0]))).is_none(), "a finished job calls back once");
        assert_eq!(job.outcome(), Err(Value::Str("boom".into())));
    }

    #[test]
    fn the_error_a_job_gives_is_the_first_in_input_order() {
        let mut job: Job<()> = Job::new(Shape::Iter { ordered: true }, 6, 2, Callbacks::default());
        assert_eq!(job.error(), None);
        job.record(2, Err(Value::Str("late".into())));
        job.record(0, Ok(ints(&[0, 1])));
        assert_eq!(job.error(), Some(Value::Str("late".into())));
        job.record(1, Err(Value::Str("early".into())));
        assert_eq!(job.error(), Some(Value::Str("early".into())));
    }

    #[test]
    fn imap_hands_out_in_input_order_and_imap_unordered_in_arrival_order() {
        let mut ordered: Job<()> = Job::new(Shape::Iter { ordered: true }, 3, 1, Callbacks::default());
        let mut unordered: Job<()> = Job::new(Shape::Iter { ordered: false }, 3, 1, Callbacks::default());
        for job in [&mut ordered, &mut unordered] {
            job.record(2, Ok(ints(&[20])));
            job.record(0, Ok(ints(&[0])));
        }
        assert!(matches!(ordered.next(), Next::Item(Ok(Value::Int(0)))));
        assert!(matches!(ordered.next(), Next::Pending));
        assert!(matches!(unordered.next(), Next::Item(Ok(Value::Int(20)))));
        assert!(matches!(unordered.next(), Next::Item(Ok(Value::Int(0)))));
        assert!(matches!(unordered.next(), Next::Pending));
        unordered.record(1, Ok(ints(&[10])));
        assert!(matches!(unordered.next(), Next::Item(Ok(Value::Int(10)))));
        assert!(matches!(unordered.next(), Next::Exhausted));
    }

    #[test]
    fn an_empty_map_is_done_at_once() {
        let job: Job<()> = Job::new(Shape::List, 0, 1, Callbacks::default());
        assert!(job.done());
        assert_eq!(job.outcome(), Ok(Value::List(Vec::new())));
    }
}
