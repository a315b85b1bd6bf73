//! Large documents take their turn: only a few are made at once on each
//! instance, so that a flood of them (an evidence pack shared with a whole
//! inspection team, a board's worth of reports) cannot take all the memory
//! and every core, and ordinary pages and `/healthz` keep answering.

use crate::error::AppError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A turn to make one large document; the next waiting request gets it when
/// this is dropped (hold it until the document's last byte is written, and
/// drop the document's data before it).
#[derive(Debug)]
pub struct Turn {
    _permit: OwnedSemaphorePermit,
}

impl Drop for Turn {
    /// The memory the document took goes back to the system. The C
    /// library's allocator keeps what was freed for later: a server that had
    /// made one large authority's pack ZIP stayed at 220 MB (107 MB before),
    /// and grew with each flood; trimmed, it returns to its working size.
    fn drop(&mut self) {
        super::give_back_memory();
    }
}

/// The queue large documents wait in.
#[derive(Debug, Clone)]
pub struct Documents {
    turns: Arc<Semaphore>,
    at_once: usize,
    wait: Duration,
}

/// What a busy server asks the client to wait before trying again.
const RETRY_AFTER_SECONDS: u64 = 30;

impl Documents {
    /// `at_once` documents made at a time; a request waits up to `wait` for its turn.
    pub fn new(at_once: usize, wait: Duration) -> Self {
        let at_once = at_once.max(1);
        Self { turns: Arc::new(Semaphore::new(at_once)), at_once, wait }
    }

    /// Documents being made now.
    pub fn in_progress(&self) -> usize {
        self.at_once.saturating_sub(self.turns.available_permits())
    }

    /// Waits for a turn, in order of asking; past the wait, a 503 that says
    /// when to come back.
    pub async fn turn(&self) -> Result<Turn, AppError> {
        match actix_web::rt::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(Turn { _permit: permit }),
            // The semaphore is never closed.
            Ok(Err(e)) => Err(AppError::unexpected(e.to_string())),
            Err(_) => Err(AppError::Busy {
                message: format!(
                    "Sustain is making other large documents (evidence packs, reports, exports) just now. \
                     Nothing was lost: try again in {RETRY_AFTER_SECONDS} seconds."
                ),
                retry_after: RETRY_AFTER_SECONDS,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_request_past_the_wait_is_told_to_come_back_later() {
        let documents = Documents::new(1, Duration::from_millis(50));
        let first = documents.turn().await.expect("a free turn");
        match documents.turn().await {
            Err(AppError::Busy { retry_after, .. }) => assert_eq!(retry_after, RETRY_AFTER_SECONDS),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(documents.turn().await.is_ok(), "a turn given back is taken again");
    }
}
