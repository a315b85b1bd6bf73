//! How a demo load tells its caller where it has got to, so that the command
//! line can draw a progress bar while `demo` itself knows nothing of terminals.

/// Told as a demo load goes; every method may be called many thousand times
/// in a load, so implementations should be cheap.
pub trait Progress {
    /// The load has `total` steps in all.
    fn start(&mut self, total: u64);
    /// `steps` more steps are done, the latest while writing `stage`
    /// ("actions", "evidence"...).
    fn advance(&mut self, stage: &'static str, steps: u64);
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&mut self, _: u64) {}
    fn advance(&mut self, _: &'static str, _: u64) {}
}
