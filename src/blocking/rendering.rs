//! Pages that take a while to draw (the largest area's page: its actions,
//! evidence and every chart) are drawn off the async workers, a few at a time.
//! Drawing is work for the processor, so more at once than there are cores
//! gains nothing and only holds more pages in memory: at 50 connections on the
//! large authority, drawing on the general blocking pool took the server from
//! about 145 MB to 230 MB.

use crate::error::AppError;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The turns pages are drawn in.
#[derive(Clone, Debug)]
pub struct Rendering {
    turns: Arc<Semaphore>,
}

impl Rendering {
    /// One turn per core.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self { turns: Arc::new(Semaphore::new(cores.max(1))) }
    }

    /// Runs `draw` on a blocking thread once a turn is free.
    pub async fn draw<T, F>(&self, draw: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        // The semaphore is never closed, so a turn always comes.
        let turn = self.turns.clone().acquire_owned().await.map_err(|e| AppError::unexpected(e.to_string()))?;
        Ok(actix_web::web::block(move || {
            let _turn = turn;
            draw()
        })
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[actix_web::test]
    async fn no_more_pages_are_drawn_at_once_than_there_are_turns() {
        let rendering = Rendering { turns: Arc::new(Semaphore::new(2)) };
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let draws = (0..8).map(|_| {
            let (now, most) = (now.clone(), most.clone());
            rendering.draw(move || {
                let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(at_once, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                now.fetch_sub(1, Ordering::SeqCst);
            })
        });
        for drawn in futures_util::future::join_all(draws).await {
            drawn.expect("drawn");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
