fn main() {
    // First of all, before any thread is started: the C allocator fixes its
    // arena limit when a second thread first allocates.
    sustain::blocking::tune_allocator();
    std::process::exit(sustain::cli::run());
}
