//! Response bodies written on a blocking thread and sent as they are written,
//! so a large document is never held whole in memory.

use actix_web::web::Bytes;
use actix_web::{HttpResponse, HttpResponseBuilder};
use std::io::Write;

/// A `Write` that hands its bytes to the response in chunks as they are
/// written; when the client is slower than the writer, writing waits.
pub struct ChannelWriter {
    buffer: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
}

const CHUNK: usize = 64 * 1024;

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK)));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}

/// Streams a response body written by `write` on a blocking thread. The
/// status line has gone out before the body is written, so a failure while
/// writing is logged and ends the body with an error: the connection is cut
/// and the download visibly fails, rather than ending early and looking whole.
pub fn streamed(
    mut response: HttpResponseBuilder,
    write: impl FnOnce(&mut ChannelWriter) -> Result<(), String> + Send + 'static,
) -> HttpResponse {
    let (sender, receiver) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    actix_web::rt::task::spawn_blocking(move || {
        let mut out = ChannelWriter { buffer: Vec::with_capacity(CHUNK), sender };
        if let Err(e) = write(&mut out).and_then(|_| out.flush().map_err(|e| e.to_string())) {
            if out.sender.is_closed() {
                tracing::info!(error = %e, "a download was cancelled before its end");
            } else {
                tracing::error!(error = %e, "a download failed while being written; its connection is cut");
                let _ = out.sender.blocking_send(Err(std::io::Error::other(e)));
            }
        }
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item.map_err(actix_web::Error::from), receiver))
    });
    response.streaming(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_download_that_fails_while_being_written_fails_rather_than_ending_early() {
        let failing = streamed(HttpResponse::Ok(), |out| {
            out.write_all(&[b'x'; CHUNK + 10]).map_err(|e| e.to_string())?;
            Err("a part could not be written".into())
        });
        assert!(actix_web::body::to_bytes(failing.into_body()).await.is_err(), "the body ends with an error");
        let whole = streamed(HttpResponse::Ok(), |out| out.write_all(&[b'y'; CHUNK + 10]).map_err(|e| e.to_string()));
        let Ok(body) = actix_web::body::to_bytes(whole.into_body()).await else { panic!("the whole body arrives") };
        assert_eq!(body.len(), CHUNK + 10);
    }
}
