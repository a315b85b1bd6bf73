fn main() {
    std::process::exit(sustain::cli::run());
}
