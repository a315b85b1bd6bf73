/// The program's own memory comes from jemalloc, set up by `JEMALLOC_CONF`.
/// On the large authority it served the area page and the indicator summary
/// 11% to 56% faster (three runs against one) than the C library's allocator
/// with two arenas, whose locks every request and drawing thread waited on,
/// and the server's peak over the benchmark's sign-ins was 11 MB lower (see
/// "Where the memory goes" in the README).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts (`_RJEM_MALLOC_CONF` in the
/// environment overrides them):
/// - two arenas, as the C allocator is given (`blocking::tune_allocator`);
/// - no per-thread caches: with one for each request and blocking thread
///   they held 17 MB more under load; without them the area page was served
///   as fast and the indicator summary a sixth slower, still faster than
///   with the C library's allocator;
/// - blocks of 1 MiB and over (a password hash's 7 MiB, a document's
///   buffers) from an arena of their own, given back to the system as soon as
///   they are freed;
/// - other freed memory given back after half a second by a thread of
///   jemalloc's own, so a burst of large pages does not leave the server at
///   its size (`blocking::give_back_memory` gives it back at once).
#[export_name = "_rjem_malloc_conf"]
pub static JEMALLOC_CONF: &[u8; 109] =
    b"narenas:2,tcache:false,oversize_threshold:1048576,background_thread:true,dirty_decay_ms:500,muzzy_decay_ms:0\0";

fn main() {
    // First of all, before any thread is started: the C allocator (used by
    // SQLite and libpq) fixes its arena limit when a second thread first
    // allocates.
    sustain::blocking::tune_allocator();
    std::process::exit(sustain::cli::run());
}
