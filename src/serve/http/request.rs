//! Reading a request head, and where its path leads in the output directory.

use super::*;

/// A request, as far as this server cares.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/claims/x/?a=b`).
    pub target: String,
}

/// Reads and parses a request head; `Err` is the status to answer with
/// (0: no answer, the client sent nothing).
pub fn read_request(stream: &mut impl Read) -> Result<Request, u16> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return Err(if head.is_empty() { 0 } else { 400 }),
            Ok(n) => n,
            Err(_) => return Err(if head.is_empty() { 0 } else { 408 }),
        };
        let from = head.len();
        head.extend_from_slice(&buf[..n]);
        if let Some(request) = complete(&head, from) {
            return request;
        }
    }
}

/// The request in `head` once its end has arrived (`None`: not yet); only
/// the bytes from `new` on (and the three before) are new since last time.
pub(super) fn complete(head: &[u8], new: usize) -> Option<Result<Request, u16>> {
    let from = new.saturating_sub(3);
    let end = find(&head[from..], b"\r\n\r\n")
        .or_else(|| find(&head[from..], b"\n\n"))
        .map(|i| from + i);
    match end {
        Some(end) if end > MAX_HEAD => Some(Err(431)),
        Some(end) => Some(parse_head(&head[..end])),
        None if head.len() > MAX_HEAD => Some(Err(431)),
        None => None,
    }
}

/// Parses a request head (without its blank line).
fn parse_head(head: &[u8]) -> Result<Request, u16> {
    let head = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let line = head.lines().next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(505);
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where a request path leads in the output directory.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A regular file inside the directory.
    File(PathBuf),
    /// A directory asked for without its `/`: redirect to this location.
    Redirect(String),
    NotFound,
    /// A path that could leave the directory, or is not a path at all.
    BadRequest,
}

/// Resolves a request target against the output directory `dir`.
///
/// The path is percent-decoded exactly once; a path that holds a `.` or
/// `..` segment, a backslash, a NUL, a drive or root prefix, or bytes that
/// are not printable ASCII (encoded or not) is a bad request. Segments that
/// start with `.` (hidden files such as `.attest-output`) are not found.
pub fn resolve(dir: &Path, target: &str) -> Target {
    // The absolute form (`http://host/path`) is allowed by HTTP/1.1.
    let target = match target.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => {
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        _ => target,
    };
    if !target.starts_with('/') || !target.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Target::BadRequest;
    }
    let (raw_path, query) = match target.find(['?', '#']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    let Some(decoded) = percent_decode(raw_path) else {
        return Target::BadRequest;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Target::BadRequest;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::BadRequest;
    }
    let mut path = dir.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Target::BadRequest;
        }
        // One plain name, nothing the platform reads as a prefix or root
        // (`C:` on Windows).
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(n)), None) if n == segment => {}
            _ => return Target::BadRequest,
        }
        if segment.starts_with('.') {
            return Target::NotFound;
        }
        path.push(segment);
    }
    let Ok(meta) = fs::metadata(&path) else {
        return Target::NotFound;
    };
    if meta.is_dir() {
        if !decoded.ends_with('/') {
            // The raw path is printable ASCII without CR or LF: safe in a header.
            return Target::Redirect(format!("{raw_path}/{query}"));
        }
        path.push("index.html");
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return Target::NotFound;
        }
    } else if !meta.is_file() {
        return Target::NotFound;
    }
    // Symbolic links must not lead out of the directory either.
    match (fs::canonicalize(&path), fs::canonicalize(dir)) {
        (Ok(file), Ok(dir)) if file.starts_with(&dir) => Target::File(path),
        _ => Target::NotFound,
    }
}

/// Decodes `%XX` escapes once; `None` for a malformed escape.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The media type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
