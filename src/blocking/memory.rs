//! Memory freed by large work goes back to the system. The C library's
//! allocator keeps what was freed for later reuse by the thread's arena, so
//! without this a server stays at the size of its largest moment.

/// Releases the free memory the C allocator holds, after work that took a
/// lot at once and gave it back (a large document, a plan read afresh).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back_memory() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: malloc_trim only releases free memory of the C allocator's arenas; it is thread-safe.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_memory() {}

/// Sets the C allocator up for a server that must stay small; call it first
/// thing, as the arena limit is fixed when a second thread first allocates.
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
