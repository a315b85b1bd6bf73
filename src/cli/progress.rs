//! A progress bar on standard error for long commands, drawn only when
//! standard error is a terminal: a script, a pipe or a log file sees nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar that follows a demo load, or nothing when no one is watching.
pub(super) struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar labelled `label`, if standard error is a terminal.
    pub(super) fn on_stderr(label: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
        let style = ProgressStyle::with_template("{prefix} [{bar:32}] {percent:>3}% {msg:<16} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(label.to_string());
        Bar(Some(bar))
    }

    /// Clears the bar, so that what is printed next starts on a clean line.
    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}

impl crate::demo::Progress for Bar {
    fn start(&mut self, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
        }
    }

    fn advance(&mut self, stage: &'static str, steps: u64) {
        if let Some(bar) = &self.0 {
            bar.set_message(stage);
            bar.inc(steps);
        }
    }
}
