//! Database work runs on the blocking thread pool, never on the async workers
//! that answer requests.

use crate::db::{DbConnection, DbPool};
use crate::error::AppError;

/// Runs `work` with a connection from the pool, off the async workers.
pub async fn with_connection<T, F>(pool: &DbPool, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await?
}
