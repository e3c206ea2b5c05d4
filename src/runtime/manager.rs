//! `multiprocessing.Manager()`: a real server process that keeps shared objects (dicts,
//! lists, queues, events, values) and serves every access to them as a request over a Unix
//! socket, as CPython's `SyncManager` does. `protocol.rs` is what client and server say,
//! `referent.rs` the objects and their methods, `server.rs` the server's loop; the client
//! side (the `Manager()` object and its proxies) is `host/manager.rs`.

pub mod protocol;
pub mod referent;
pub mod server;
