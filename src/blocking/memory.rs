//! Memory freed by large work goes back to the system. Allocators keep what
//! was freed for later reuse, so without this a server stays at the size of
//! its largest moment.
//!
//! The program's own memory comes from jemalloc (its settings are in
//! `main.rs`, where the allocator is chosen); the C libraries (SQLite, libpq)
//! use the C library's allocator, set up here. Test programs keep the C
//! allocator for everything.

/// Releases the free memory both allocators hold, after work that took a lot
/// at once and gave it back (a large document, a plan read afresh): at once,
/// rather than over jemalloc's half second, so the next burst of work starts
/// from the server's settled size and not on top of the last one's.
pub fn give_back_memory() {
    // Every arena: jemalloc's MALLCTL_ARENAS_ALL.
    const PURGE_EVERY_ARENA: &[u8] = b"arena.4096.purge\0";
    // SAFETY: a purge takes no value and writes none; the name ends with a NUL.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE_EVERY_ARENA.as_ptr().cast(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
    trim_c_allocator();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_c_allocator() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: malloc_trim only releases free memory of the C allocator's arenas; it is thread-safe.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_c_allocator() {}

/// Sets the C allocator up for a server that must stay small, for what still
/// comes from it (SQLite and libpq in the server, everything in a test
/// program); call it first thing, as the arena limit is fixed when a second
/// thread first allocates.
/// A setting given in the environment (`MALLOC_ARENA_MAX`,
/// `MALLOC_MMAP_THRESHOLD_`) is kept.
/// - Two arenas: by default each thread takes one of eight per core and keeps
///   what it freed, so request and blocking threads that each built a large
///   page held 20 MB more. One arena held 4 MB less again but served pages a
///   fifth slower on two cores, every thread waiting on its lock.
/// - Blocks of 1 MiB and over (a plan's lists, a password hash's 7 MiB) are
///   mapped on their own and given back when freed. Left to itself the
///   allocator raises that bound to the largest block freed so far, after
///   which such blocks stay in the arena for good: a sign-in's hashing memory
///   stayed with the server. Pages, up to 256 KiB, stay below it, in the arena.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // The C library's names for the settings (malloc.h).
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    const M_ARENA_MAX: std::ffi::c_int = -8;
    let settings = [("MALLOC_ARENA_MAX", M_ARENA_MAX, 2), ("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, 1024 * 1024)];
    for (name, param, value) in settings {
        if std::env::var_os(name).is_none() {
            // SAFETY: mallopt only changes the allocator's settings, before any other thread runs.
            unsafe {
                mallopt(param, value);
            }
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}
