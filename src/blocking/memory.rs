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

/// Limits the C allocator to two arenas (a `MALLOC_ARENA_MAX` set in the
/// environment is kept); call it first thing, as the limit is fixed when a
/// second thread first allocates. Its default is eight per core, each thread
/// taking one and keeping what it freed, so a server whose request and
/// blocking threads each built a large page held 20 MB more under load than
/// with two (the large authority, eight requests at once).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // The C library's name for the setting (malloc.h).
    const M_ARENA_MAX: std::ffi::c_int = -8;
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    // SAFETY: mallopt only changes the allocator's settings; M_ARENA_MAX takes effect for arenas made later.
    unsafe {
        mallopt(M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}
