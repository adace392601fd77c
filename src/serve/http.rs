//! A small HTTP/1.1 server on `std::net` for the development server: GET
//! and HEAD of the files of the built site, one request per connection.
//!
//! It is not a production server. What keeps it safe to leave running on a
//! laptop:
//!
//! - it serves only regular files under the output directory: the path is
//!   percent-decoded once, and anything that could leave the directory
//!   (`..`, `.`, backslashes, NUL, drive prefixes, absolute paths) is
//!   refused with 400 before the file system is asked; hidden files are
//!   404; the file found is checked again, after resolving symbolic links,
//!   to be inside the directory;
//! - idle and slow clients cannot deny the others: a connection holds no
//!   worker until its whole request head has arrived. One thread accepts
//!   connections and reads request heads as their bytes come (`poll(2)`
//!   on Unix), at most [`MAX_WAITING_HEADS`] at a time (beyond that the
//!   one that has waited longest is closed), each for at most
//!   [`HEAD_TIMEOUT`] from connecting (then 408, or closed if it sent
//!   nothing). Only complete requests go to the workers;
//! - memory and threads are bounded: a fixed pool of [`WORKERS`] threads,
//!   at most [`QUEUE`] complete requests waiting for one (more get 503),
//!   request heads of at most [`MAX_HEAD`] bytes (431), files streamed
//!   rather than read whole (HTML pages up to [`MAX_INJECT`] are read to
//!   add the live-reload script);
//! - the browsers listening for reloads do not hold a thread: their
//!   connections are handed to the [`Hub`].

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::reload::{self, Hub};

mod request;
use request::complete;
pub use request::{Request, Target, content_type, percent_decode, read_request, resolve};

/// Threads that answer requests.
pub const WORKERS: usize = 16;
/// Complete requests waiting for a worker; beyond that, 503.
pub const QUEUE: usize = 64;
/// Connections whose request head is still arriving; beyond that, the one
/// that has waited longest is closed.
pub const MAX_WAITING_HEADS: usize = 1024;
/// Longest request line and headers, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// HTML pages up to this size get the live-reload script; larger ones are
/// streamed as they are.
pub const MAX_INJECT: u64 = 16 * 1024 * 1024;
/// A client has this long from connecting to send its whole request head
/// (browsers open spare connections they may never use)...
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// ...and this long to take each write.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the server needs to answer: where the site is and the live state.
pub struct Site {
    /// The output directory (absolute).
    pub dir: PathBuf,
    pub hub: Arc<Hub>,
    /// More HTML for a page, by its path in the output directory (the
    /// suggestions panel of claim pages); added with the live-reload script.
    pub extra: Option<ExtraHtml>,
}

/// HTML to add to a page, from its path in the output directory.
pub type ExtraHtml = Box<dyn Fn(&str) -> String + Send + Sync>;

/// Starts the thread that accepts connections and reads their request
/// heads, and the workers; they run until the process ends.
pub fn start(listener: TcpListener, site: Arc<Site>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let (tx, rx) = sync_channel::<Job>(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..WORKERS {
        let rx = Arc::clone(&rx);
        let site = Arc::clone(&site);
        std::thread::Builder::new()
            .name(format!("attest-http-{i}"))
            .spawn(move || worker(&rx, &site))?;
    }
    std::thread::Builder::new()
        .name("attest-accept".into())
        .spawn(move || accept(&listener, &tx))?;
    Ok(())
}

/// A connection with its request head read: what a worker answers.
struct Job {
    stream: TcpStream,
    /// The request, or the status to answer a bad one with.
    request: Result<Request, u16>,
}

/// A connection whose request head is still arriving.
struct Waiting {
    stream: TcpStream,
    head: Vec<u8>,
    since: Instant,
}

/// What reading from a waiting connection gave.
enum HeadSoFar {
    /// The whole head (or a status for a bad one).
    Complete(Result<Request, u16>),
    /// More is to come.
    Partial,
    /// The client went away without a request.
    Gone,
}

/// Accepts connections and reads their request heads as the bytes come,
/// handing complete requests to the workers: an idle or slow client holds
/// a few bytes of memory here, never a worker.
fn accept(listener: &TcpListener, tx: &SyncSender<Job>) {
    let mut waiting: Vec<Waiting> = Vec::new();
    loop {
        let deadline = waiting
            .iter()
            .map(|w| HEAD_TIMEOUT.saturating_sub(w.since.elapsed()))
            .min();
        let ready = wait_readable(listener, &waiting, deadline);
        let polled = waiting.len();
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    if stream.set_nonblocking(true).is_ok() {
                        waiting.push(Waiting {
                            stream,
                            head: Vec::new(),
                            since: Instant::now(),
                        });
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    std::thread::sleep(Duration::from_millis(20));
                    break;
                }
            }
        }
        let mut still = Vec::with_capacity(waiting.len());
        for (i, mut w) in waiting.drain(..).enumerate() {
            // New connections may have sent their request already.
            if i >= polled || ready.get(i).copied().unwrap_or(true) {
                match read_head(&mut w) {
                    HeadSoFar::Complete(request) => {
                        dispatch(tx, w.stream, request);
                        continue;
                    }
                    HeadSoFar::Gone => continue,
                    HeadSoFar::Partial => {}
                }
            }
            if w.since.elapsed() >= HEAD_TIMEOUT {
                if !w.head.is_empty() {
                    dispatch(tx, w.stream, Err(408));
                }
                continue;
            }
            still.push(w);
        }
        // Oldest first: past the bound, the longest waiting go.
        let excess = still.len().saturating_sub(MAX_WAITING_HEADS);
        waiting = still.split_off(excess);
    }
}

/// Reads what a waiting connection has sent so far.
fn read_head(w: &mut Waiting) -> HeadSoFar {
    let mut buf = [0u8; 4096];
    loop {
        match w.stream.read(&mut buf) {
            Ok(0) if w.head.is_empty() => return HeadSoFar::Gone,
            Ok(0) => return HeadSoFar::Complete(Err(400)),
            Ok(n) => {
                let from = w.head.len();
                w.head.extend_from_slice(&buf[..n]);
                if let Some(request) = complete(&w.head, from) {
                    return HeadSoFar::Complete(request);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return HeadSoFar::Partial,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return HeadSoFar::Gone,
        }
    }
}

/// Hands a connection with its request to the workers, or answers 503 if
/// they are all busy and the queue is full.
fn dispatch(tx: &SyncSender<Job>, stream: TcpStream, request: Result<Request, u16>) {
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    match tx.try_send(Job { stream, request }) {
        Ok(()) | Err(TrySendError::Disconnected(_)) => {}
        Err(TrySendError::Full(Job { mut stream, .. })) => {
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = stream.write_all(
                &Response::text(503, "the development server is busy, try again\n").head(),
            );
            let _ = stream.write_all(b"the development server is busy, try again\n");
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// Waits until the listener or a waiting connection has something to read,
/// or `timeout` passes (`None`: no limit); for each waiting connection,
/// whether it may have.
#[cfg(unix)]
fn wait_readable(
    listener: &TcpListener,
    waiting: &[Waiting],
    timeout: Option<Duration>,
) -> Vec<bool> {
    use std::os::fd::AsRawFd;
    let mut fds: Vec<libc::pollfd> = std::iter::once(listener.as_raw_fd())
        .chain(waiting.iter().map(|w| w.stream.as_raw_fd()))
        .map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    // Rounded up, so a deadline is not polled for again just before it.
    let ms = timeout.map_or(-1, |t| (t.as_millis() + 1).min(60_000) as libc::c_int);
    // SAFETY: `fds` is an array of `fds.len()` pollfd structs, alive for the call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        // Interrupted: look at every connection.
        return vec![true; waiting.len()];
    }
    fds[1..].iter().map(|p| p.revents != 0).collect()
}

/// Without `poll(2)`: a short sleep, then every connection is looked at.
#[cfg(not(unix))]
fn wait_readable(
    _listener: &TcpListener,
    waiting: &[Waiting],
    timeout: Option<Duration>,
) -> Vec<bool> {
    let nap = Duration::from_millis(10);
    std::thread::sleep(timeout.map_or(nap, |t| t.min(nap)));
    vec![true; waiting.len()]
}

fn worker(rx: &Mutex<Receiver<Job>>, site: &Site) {
    loop {
        let next = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = next else { return };
        // A failed write means the client went away: nothing to do.
        let _ = handle(job.stream, job.request, site);
    }
}

/// A response head under construction.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
}

impl Response {
    fn new(status: u16, content_type: &str, length: Option<u64>) -> Response {
        let mut headers = vec![
            ("Content-Type", content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Connection", "close".to_string()),
        ];
        if let Some(len) = length {
            headers.push(("Content-Length", len.to_string()));
        }
        Response { status, headers }
    }

    fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", Some(body.len() as u64))
    }

    fn header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }

    fn head(&self) -> Vec<u8> {
        let mut s = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            s.push_str(&format!("{name}: {value}\r\n"));
        }
        s.push_str("\r\n");
        s.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// The page for a 404 when the site has no `404.html`.
const NOT_FOUND_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
<title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n<p>The built site has no page at \
this address. (attest serve, the development server.)</p>\n</body>\n</html>\n";

fn handle(mut stream: TcpStream, request: Result<Request, u16>, site: &Site) -> io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let request = match request {
        Ok(r) => r,
        Err(0) => return Ok(()),
        Err(status) => return send_text(&mut stream, status, "bad request\n", true),
    };
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let body = "only GET and HEAD are supported\n";
            stream.write_all(
                &Response::text(405, body)
                    .header("Allow", "GET, HEAD".into())
                    .head(),
            )?;
            stream.write_all(body.as_bytes())?;
            return finish(stream);
        }
    };
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    if path == reload::EVENTS_PATH {
        let head = Response::new(200, "text/event-stream", None).head();
        stream.write_all(&head)?;
        if !head_only {
            stream.set_read_timeout(None)?;
            site.hub.listen(stream);
        }
        return Ok(());
    }
    if path == reload::SCRIPT_PATH {
        let body = reload::SCRIPT;
        let head = Response::new(
            200,
            "text/javascript; charset=utf-8",
            Some(body.len() as u64),
        );
        stream.write_all(&head.head())?;
        if !head_only {
            stream.write_all(body.as_bytes())?;
        }
        return finish(stream);
    }
    if path.starts_with(reload::PREFIX) {
        return send_not_found(&mut stream, site, head_only);
    }
    match resolve(&site.dir, &request.target) {
        Target::File(file) => send_file(&mut stream, site, &file, 200, head_only),
        Target::Redirect(location) => {
            let body = format!("moved to {location}\n");
            stream.write_all(
                &Response::text(301, &body)
                    .header("Location", location)
                    .head(),
            )?;
            if !head_only {
                stream.write_all(body.as_bytes())?;
            }
            finish(stream)
        }
        Target::NotFound => send_not_found(&mut stream, site, head_only),
        Target::BadRequest => send_text(&mut stream, 400, "bad request path\n", head_only),
    }
}

fn finish(stream: TcpStream) -> io::Result<()> {
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

fn send_text(stream: &mut TcpStream, status: u16, body: &str, head_only: bool) -> io::Result<()> {
    stream.write_all(&Response::text(status, body).head())?;
    if !head_only {
        stream.write_all(body.as_bytes())?;
    }
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

fn send_not_found(stream: &mut TcpStream, site: &Site, head_only: bool) -> io::Result<()> {
    let page = site.dir.join("404.html");
    if fs::metadata(&page).is_ok_and(|m| m.is_file()) {
        return send_file(stream, site, &page, 404, head_only);
    }
    let body = reload::inject(NOT_FOUND_PAGE.as_bytes(), &site.hub.current().snippet());
    let head = Response::new(404, "text/html; charset=utf-8", Some(body.len() as u64));
    stream.write_all(&head.head())?;
    if !head_only {
        stream.write_all(&body)?;
    }
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

fn send_file(
    stream: &mut TcpStream,
    site: &Site,
    path: &Path,
    status: u16,
    head_only: bool,
) -> io::Result<()> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        // Gone between resolve and open (a rebuild removed it).
        Err(_) => return send_text(stream, 404, "not found\n", head_only),
    };
    let len = file.metadata()?.len();
    let kind = content_type(path);
    if kind.starts_with("text/html") && len <= MAX_INJECT {
        let mut html = Vec::with_capacity(len as usize);
        file.read_to_end(&mut html)?;
        let file = path
            .strip_prefix(&site.dir)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        let mut snippet = site.hub.snippet_for(file.as_deref());
        if let (Some(extra), Some(file)) = (&site.extra, &file) {
            snippet.insert_str(0, &extra(file));
        }
        let body = reload::inject(&html, &snippet);
        stream.write_all(&Response::new(status, kind, Some(body.len() as u64)).head())?;
        if !head_only {
            stream.write_all(&body)?;
        }
    } else {
        stream.write_all(&Response::new(status, kind, Some(len)).head())?;
        if !head_only {
            // Streamed (sendfile where the platform has it), never read whole.
            io::copy(&mut file.take(len), stream)?;
        }
    }
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("claims/x")).unwrap();
        fs::write(out.join("index.html"), "<p>home</p>").unwrap();
        fs::write(out.join("claims/x/index.html"), "<p>x</p>").unwrap();
        fs::write(out.join(".attest-output"), "marker").unwrap();
        fs::write(dir.path().join("config.toml"), "secret").unwrap();
        dir
    }

    #[test]
    fn paths_resolve_inside_the_directory_only() {
        let dir = site();
        let out = dir.path().join("public");
        let file = |rel: &str| Target::File(out.join(rel));
        assert_eq!(resolve(&out, "/"), file("index.html"));
        assert_eq!(resolve(&out, "/index.html?x=1"), file("index.html"));
        assert_eq!(resolve(&out, "/claims/x/"), file("claims/x/index.html"));
        assert_eq!(resolve(&out, "/claims/%78/"), file("claims/x/index.html"));
        assert_eq!(
            resolve(&out, "/claims/x?a=b"),
            Target::Redirect("/claims/x/?a=b".into())
        );
        assert_eq!(resolve(&out, "/claims/"), Target::NotFound);
        assert_eq!(resolve(&out, "/nothing"), Target::NotFound);
        assert_eq!(resolve(&out, "/.attest-output"), Target::NotFound);
        for bad in [
            "/../config.toml",
            "/%2e%2e/config.toml",
            "/%2E%2E/config.toml",
            "/..%2fconfig.toml",
            "/claims/../../config.toml",
            "/claims/x/..",
            "/./index.html",
            "/..\\config.toml",
            "/%5c..%5cconfig.toml",
            "/index.html%00",
            "/%zz",
            "/%2",
            "/caf\u{e9}",
            "/%ff",
            "config.toml",
            "*",
        ] {
            assert_eq!(resolve(&out, bad), Target::BadRequest, "{bad}");
        }
        // Decoded once only: `%252e` is the literal name `%2e`, not found.
        assert_eq!(resolve(&out, "/%252e%252e/config.toml"), Target::NotFound);
        assert_eq!(
            resolve(&out, "http://localhost:1111/claims/x/"),
            file("claims/x/index.html")
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_directory_are_not_followed() {
        let dir = site();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(dir.path().join("config.toml"), out.join("leak.txt")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), Target::NotFound);
    }

    #[test]
    fn request_heads_are_parsed_and_bounded() {
        let mut ok: &[u8] = b"GET /a%20b HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(
            read_request(&mut ok),
            Ok(Request {
                method: "GET".into(),
                target: "/a%20b".into()
            })
        );
        let mut bad: &[u8] = b"GET /a b HTTP/1.1\r\n\r\n";
        assert_eq!(read_request(&mut bad), Err(400));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read_request(&mut huge.as_bytes()), Err(431));
        let mut old: &[u8] = b"GET / HTTP/2.0\r\n\r\n";
        assert_eq!(read_request(&mut old), Err(505));
        let mut empty: &[u8] = b"";
        assert_eq!(read_request(&mut empty), Err(0));
    }

    #[test]
    fn a_head_is_complete_when_its_blank_line_arrives_however_it_is_cut() {
        let head = b"GET /x HTTP/1.1\r\nHost: y\r\n\r\n";
        for cut in 1..head.len() {
            let (a, b) = head.split_at(cut);
            let mut got = a.to_vec();
            let first = complete(&got, 0);
            assert_eq!(first, None, "complete after {cut} bytes");
            let from = got.len();
            got.extend_from_slice(b);
            assert_eq!(
                complete(&got, from),
                Some(Ok(Request {
                    method: "GET".into(),
                    target: "/x".into()
                }))
            );
        }
        // Byte by byte, a head that never ends is cut off at the limit.
        let mut got = Vec::new();
        let mut verdict = None;
        for (i, b) in b"GET / HTTP/1.1\r\nX: "
            .iter()
            .chain(std::iter::repeat(&b'a'))
            .enumerate()
        {
            got.push(*b);
            verdict = complete(&got, i);
            if verdict.is_some() {
                break;
            }
        }
        assert_eq!(verdict, Some(Err(431)));
        assert_eq!(got.len(), MAX_HEAD + 1);
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.ico", "image/x-icon"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.woff2", "font/woff2"),
            ("a.pdf", "application/pdf"),
            ("a.bin", "application/octet-stream"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }
}
