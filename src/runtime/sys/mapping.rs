//! The shared mapping behind the control region: a memfd mapped MAP_SHARED, so every forked
//! process (and the runner, which maps the same fd) sees the same bytes. Typed views of it are
//! allowed only for `RegionLayout` types, which are valid when zeroed and safe to share.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use anyhow::{Context, Result, bail};
use nix::sys::memfd::{MFdFlags, memfd_create};

/// A shared, writable mapping of a memfd; every forked process sees the same bytes.
pub struct Mapping {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the pointer is only ever read through `get`, as a RegionLayout, which is Sync and
// made for concurrent use; moving the owner to another thread moves nothing the mapping holds.
unsafe impl Send for Mapping {}
// SAFETY: as for Send: shared access only reaches atomics and semaphores.
unsafe impl Sync for Mapping {}

impl Mapping {
    /// Creates a zeroed memfd of `len` bytes (nothing appears in /dev/shm; the kernel frees it
    /// with the last mapping, even after SIGKILL) and maps it.
    pub fn create(len: usize) -> Result<(OwnedFd, Mapping)> {
        let fd = memfd_create(c"forkbook-region", MFdFlags::MFD_CLOEXEC).context("memfd_create")?;
        let size = libc::off_t::try_from(len).context("region size")?;
        nix::unistd::ftruncate(&fd, size).context("ftruncate")?;
        let map = Mapping::map(fd.as_fd(), len)?;
        Ok((fd, map))
    }

    /// Maps an existing region fd (the runner's view of the viewer's region).
    pub fn map(fd: BorrowedFd<'_>, len: usize) -> Result<Mapping> {
        let prot = libc::PROT_READ | libc::PROT_WRITE;
        // SAFETY: a fresh shared mapping of an open fd at an address the kernel picks, so no
        // existing memory is touched; the result is checked before use.
        let ptr = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, libc::MAP_SHARED, fd.as_raw_fd(), 0) };
        if ptr == libc::MAP_FAILED {
            bail!("mmap: {}", std::io::Error::last_os_error());
        }
        Ok(Mapping { ptr: ptr.cast(), len })
    }

    /// A typed view of the start of the mapping.
    pub fn get<T: RegionLayout>(&self) -> &T {
        assert!(std::mem::size_of::<T>() <= self.len, "region layout larger than the mapping");
        // SAFETY: the mapping is large enough (checked), page-aligned, zero-initialised, and T is
        // a RegionLayout: made only of atomics and Sems, for which all-zero bytes are valid.
        // The view borrows self, so it cannot outlive the mapping.
        unsafe { &*self.ptr.cast::<T>() }
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: ptr/len came from mmap, and every view borrowed from self has ended.
        let rc = unsafe { libc::munmap(self.ptr.cast(), self.len) };
        // munmap only fails for a range mmap did not hand out; this one it did.
        debug_assert_eq!(rc, 0, "munmap of our own mapping");
    }
}

/// Marker for types that may live in the shared region: all fields atomics or `Sem`s, valid
/// when zeroed, `repr(C)`.
///
/// # Safety
/// Implementors must be valid for the all-zero bit pattern and safe to share across processes.
pub unsafe trait RegionLayout: Sync {}

// SAFETY: the region's Layout is repr(C) and made only of atomics and Sems (header, gates and
// object slots, see region.rs), all valid when zeroed and made to be shared.
unsafe impl RegionLayout for crate::runtime::region::Layout {}
