//! A local HTTP/1.1 server that answers with exact bytes, for the faults no well-behaved
//! server makes: a connection reset before the status line or halfway through the body, a
//! body that trickles or stops, a body that is not what its headers say.
//!
//! Each connection reads one request and plays one script; connection `i` plays script `i`,
//! or the last one when there are fewer scripts. Every answer closes its connection, so each
//! request of a client opens a new one and meets the next script.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One step of a script.
#[derive(Debug, Clone)]
pub enum Step {
    /// Writes these bytes.
    Write(Vec<u8>),
    /// Writes these bytes one at a time, waiting this long before each.
    Trickle(Vec<u8>, Duration),
    /// Waits.
    Sleep(Duration),
    /// Closes the connection with a TCP reset.
    Reset,
}

/// A complete answer: status line, `Content-Type` (when given), `Content-Length`, and body.
pub fn answer(status: u16, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// [`answer`] without `Connection: close`.
pub fn keep_alive_answer(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The head of a chunked answer with no `Content-Length`.
pub fn chunked_head(status: u16, content_type: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: {content_type}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes()
}

/// One chunk of a chunked body.
pub fn chunk(data: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{:x}\r\n", data.len()).into_bytes();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// A server playing scripts; it stops when dropped.
pub struct RawServer {
    address: std::net::SocketAddr,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Listens on 127.0.0.1; `tls` wraps each connection before the request is read.
    pub async fn start(scripts: Vec<Vec<Step>>) -> RawServer {
        Self::start_with(scripts, None).await
    }

    /// [`start`](Self::start), serving TLS with `acceptor`.
    pub async fn start_with(
        scripts: Vec<Vec<Step>>,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let scripts = Arc::new(scripts);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = counter.fetch_add(1, Ordering::SeqCst);
                let script = scripts[index.min(scripts.len() - 1)].clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => serve(stream, script).await,
                        Some(acceptor) => {
                            // A handshake the client refuses ends here.
                            if let Ok(stream) = acceptor.accept(stream).await {
                                play(stream, script, None).await;
                            }
                        }
                    }
                });
            }
        });
        RawServer {
            address,
            connections,
            task,
        }
    }

    /// Listens on 127.0.0.1 and answers every request of every connection with `answer`
    /// (which must not close the connection): a server as fast as a server can be, for
    /// measuring the client.
    pub async fn keep_alive(answer: Vec<u8>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let answer: Arc<[u8]> = answer.into();
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_nodelay(true);
                let answer = answer.clone();
                tokio::spawn(async move {
                    while read_request(&mut stream).await.is_some() {
                        if stream.write_all(&answer).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        RawServer {
            address,
            connections,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(stream: TcpStream, script: Vec<Step>) {
    let raw = stream.into_std().ok();
    let Some(raw) = raw else { return };
    let for_reset = raw.try_clone().ok();
    let Ok(stream) = TcpStream::from_std(raw) else {
        return;
    };
    play(stream, script, for_reset).await;
}

/// Reads one request, then plays the script. A reset sets a zero linger time on the socket
/// and closes it, which makes the kernel send RST.
async fn play<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    script: Vec<Step>,
    socket: Option<std::net::TcpStream>,
) {
    if read_request(&mut stream).await.is_none() {
        return;
    }
    for step in script {
        match step {
            Step::Write(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
            }
            Step::Trickle(bytes, pause) => {
                for byte in bytes {
                    tokio::time::sleep(pause).await;
                    if stream.write_all(&[byte]).await.is_err() {
                        return;
                    }
                    let _ = stream.flush().await;
                }
            }
            Step::Sleep(pause) => tokio::time::sleep(pause).await,
            Step::Reset => {
                if let Some(socket) = &socket {
                    let _ = socket2_linger_zero(socket);
                }
                return;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// Sets `SO_LINGER` to zero seconds, so that closing the socket resets the connection.
fn socket2_linger_zero(socket: &std::net::TcpStream) -> std::io::Result<()> {
    let stream = TcpStream::from_std(socket.try_clone()?)?;
    stream.set_zero_linger()
}

/// Reads a request's head and its body (by `Content-Length`); `None` when the client went
/// away first.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find(&request, b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
    }
    Some(request)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
