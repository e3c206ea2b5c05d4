//! What a host object stands for, packed into the `u64` handle the interpreter carries: a
//! `multiprocessing` function, a method of `Process` or of a pool's iterator, a shared
//! object (by index), a pool or one of its results, or the main process as
//! `current_process()` returns it.

/// A `multiprocessing` function or class the program calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Lock,
    RLock,
    Semaphore,
    BoundedSemaphore,
    Condition,
    Event,
    Queue,
    JoinableQueue,
    Value,
    Array,
    Pipe,
    CurrentProcess,
    ParentProcess,
    ActiveChildren,
    CpuCount,
    /// `set_start_method`, `get_start_method`, `freeze_support`: forkbook always forks.
    SetStartMethod,
    GetStartMethod,
    FreezeSupport,
    Pool,
    Manager,
    /// The target of a manager's server process.
    ManagerServer,
    /// A pool worker's whole life (the target of its `Process`), run in the worker.
    PoolWorker,
}

/// A method of `multiprocessing.Process` (the class a program may subclass).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessMethod {
    Init,
    Run,
    Start,
    Join,
    IsAlive,
    Terminate,
    Kill,
    /// `close()`: refused while the child runs; afterwards most methods raise ValueError.
    Close,
    /// The `pid` property.
    Pid,
    /// The `exitcode` property (reaps a finished child, as CPython's does).
    Exitcode,
    /// The `daemon` property: read, and set (only before `start()`).
    Daemon,
    SetDaemon,
}

/// A method of the iterator `imap` and `imap_unordered` return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterMethod {
    Iter,
    Next,
}

/// What a handle names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    Function(Function),
    ProcessMethod(ProcessMethod),
    /// A shared object: index into the host's handle table.
    Object(usize),
    MainProcess,
    /// `parent_process()` in a child.
    ParentProcess,
    /// A pool: index into the host's pools.
    Pool(usize),
    /// An `AsyncResult`: a pool's job.
    Job {
        pool: usize,
        job: i64,
    },
    IterMethod(IterMethod),
    /// A `Manager()`: index into the host's managers.
    Manager(usize),
    /// A proxy of a manager's object: index into the host's proxies.
    Proxy(usize),
}

const FUNCTIONS: [Function; 22] = [
    Function::Lock,
    Function::RLock,
    Function::Semaphore,
    Function::BoundedSemaphore,
    Function::Condition,
    Function::Event,
    Function::Queue,
    Function::JoinableQueue,
    Function::Value,
    Function::Array,
    Function::Pipe,
    Function::CurrentProcess,
    Function::ParentProcess,
    Function::ActiveChildren,
    Function::CpuCount,
    Function::SetStartMethod,
    Function::GetStartMethod,
    Function::FreezeSupport,
    Function::Pool,
    Function::PoolWorker,
    Function::Manager,
    Function::ManagerServer,
];

const METHODS: [ProcessMethod; 12] = [
    ProcessMethod::Init,
    ProcessMethod::Run,
    ProcessMethod::Start,
    ProcessMethod::Join,
    ProcessMethod::IsAlive,
    ProcessMethod::Terminate,
    ProcessMethod::Kill,
    ProcessMethod::Close,
    ProcessMethod::Pid,
    ProcessMethod::Exitcode,
    ProcessMethod::Daemon,
    ProcessMethod::SetDaemon,
];

impl Handle {
    /// The handle's number: the kind in the top byte, the index below.
    pub fn encode(self) -> u64 {
        let (kind, index) = match self {
            Handle::Function(f) => (1, FUNCTIONS.iter().position(|x| *x == f).unwrap_or(0)),
            Handle::ProcessMethod(m) => (2, METHODS.iter().position(|x| *x == m).unwrap_or(0)),
            Handle::Object(i) => (3, i),
            Handle::MainProcess => (4, 0),
            Handle::ParentProcess => (5, 0),
            Handle::Pool(i) => (6, i),
            Handle::Job { pool, job } => (7, (pool << 32) | (job as usize & 0xffff_ffff)),
            Handle::IterMethod(m) => (8, m as usize),
            Handle::Manager(i) => (9, i),
            Handle::Proxy(i) => (10, i),
        };
        (kind << 56) | index as u64
    }

    /// The handle a number stands for.
    pub fn decode(n: u64) -> Option<Handle> {
        let index = (n & ((1 << 56) - 1)) as usize;
        match n >> 56 {
            1 => FUNCTIONS.get(index).map(|f| Handle::Function(*f)),
            2 => METHODS.get(index).map(|m| Handle::ProcessMethod(*m)),
            3 => Some(Handle::Object(index)),
            4 => Some(Handle::MainProcess),
            5 => Some(Handle::ParentProcess),
            6 => Some(Handle::Pool(index)),
            7 => Some(Handle::Job { pool: index >> 32, job: (index & 0xffff_ffff) as i64 }),
            8 => [IterMethod::Iter, IterMethod::Next].get(index).map(|m| Handle::IterMethod(*m)),
            9 => Some(Handle::Manager(index)),
            10 => Some(Handle::Proxy(index)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_handle_decodes_to_itself() {
        let all = FUNCTIONS
            .iter()
            .map(|f| Handle::Function(*f))
            .chain(METHODS.iter().map(|m| Handle::ProcessMethod(*m)))
            .chain([Handle::Object(0), Handle::Object(41), Handle::MainProcess, Handle::ParentProcess])
            .chain([Handle::Pool(2), Handle::Job { pool: 3, job: 70_000 }, Handle::IterMethod(IterMethod::Next)])
            .chain([Handle::Manager(1), Handle::Proxy(12)]);
        for h in all {
            assert_eq!(Handle::decode(h.encode()), Some(h));
        }
        assert_eq!(Handle::decode(0), None);
    }
}
