//! The allocator of every forkbook process: the system's, counting the bytes in use. A lesson
//! process under a memory cap checks the count before each statement and raises
//! Python's MemoryError while there is still room, instead of meeting a failed allocation,
//! on which Rust can only abort.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes allocated and not yet freed by this process (its copy since the last fork).
static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// The memory cap in bytes (`usize::MAX`: none).
static CAP: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Past this many bytes in use, `over_memory_budget` says so: the cap, raised a little each
/// time it is passed (so the MemoryError can be handled) and lowered again once the process
/// is back under it.
static BUDGET: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Set when `over_memory_budget` has something to look at: an allocation took the count past
/// the budget, the cap changed, or the budget stands raised (to be lowered once back under
/// the cap). Clear, the answer is no without a look: the check before every statement is
/// one load.
static DUE: AtomicBool = AtomicBool::new(false);

struct Counting;

// SAFETY: every call is passed to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `layout` is passed on unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator (so from System) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`, and `new_size` meets the caller's contract.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

/// Counts `bytes` more in use; past the budget, the next check is due.
#[inline]
fn grew(bytes: usize) {
    let used = IN_USE.fetch_add(bytes, Ordering::Relaxed).wrapping_add(bytes);
    if used > BUDGET.load(Ordering::Relaxed) {
        DUE.store(true, Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Caps this process's memory (and that of every later fork) at `bytes`: past it,
/// `over_memory_budget` says so at the next check, and the program gets MemoryError. The
/// kernel's limit (RLIMIT_DATA) sits half as much again above, so that what one statement
/// allocates between two checks (a table doubling, a big join) still fits; past that an
/// allocation fails and the process aborts, which the viewer reports as an internal error.
pub fn cap_memory(bytes: u64) -> io::Result<()> {
    let hard = bytes.saturating_add(bytes / 2);
    let limit = libc::rlimit { rlim_cur: hard, rlim_max: hard };
    // SAFETY: setrlimit only reads the one rlimit, which lives for the call.
    if unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let cap = usize::try_from(bytes).unwrap_or(usize::MAX);
    CAP.store(cap, Ordering::Relaxed);
    BUDGET.store(base_budget(cap), Ordering::Relaxed);
    DUE.store(true, Ordering::SeqCst);
    Ok(())
}

fn base_budget(cap: usize) -> usize {
    cap
}

/// Whether this process just went past its memory cap (never without a cap). Once said, the
/// budget grows by a thirty-second of the cap (up to the kernel's limit, less a sixteenth),
/// so the code handling the MemoryError can run; back under the cap, it is reset.
pub fn over_memory_budget() -> bool {
    // Cleared first (a full barrier): an allocation that passes the budget from now on sets
    // it again, so none goes unseen.
    DUE.swap(false, Ordering::SeqCst);
    let (used, budget, cap) =
        (IN_USE.load(Ordering::Relaxed), BUDGET.load(Ordering::Relaxed), CAP.load(Ordering::Relaxed));
    if cap == usize::MAX {
        return false;
    }
    let base = base_budget(cap);
    if used <= budget {
        if budget > base && used < base {
            BUDGET.store(base, Ordering::Relaxed);
        } else if budget > base {
            // Raised: looked at again until the process is back under the cap.
            DUE.store(true, Ordering::Relaxed);
        }
        return false;
    }
    let grace = used.saturating_add(cap / 32).min(cap + cap / 2 - cap / 16);
    BUDGET.store(grace.max(budget), Ordering::Relaxed);
    DUE.store(true, Ordering::Relaxed);
    true
}

/// The flag saying `over_memory_budget` has something to look at, for the interpreter to
/// read before every statement (`python::set_memory_check`).
pub fn memory_check_due() -> &'static AtomicBool {
    &DUE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_follows_what_is_allocated_and_freed() {
        // Other test threads allocate and free tens of MiB meanwhile, so the block is far
        // larger than that: 1 GiB, zeroed lazily by the kernel, so it costs no memory.
        const BLOCK: usize = 1 << 30;
        let before = IN_USE.load(Ordering::Relaxed);
        let block = vec![0u8; BLOCK];
        let during = IN_USE.load(Ordering::Relaxed);
        drop(block);
        let after = IN_USE.load(Ordering::Relaxed);
        let noise = 256 << 20;
        assert!(during + noise >= before + BLOCK, "{before} -> {during}");
        assert!(after + BLOCK <= during + noise, "{during} -> {after}");
    }
}
