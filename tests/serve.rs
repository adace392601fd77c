//! `attest serve` as users run it: the built binary on a free loopback
//! port, against a copy of the `good` fixture, spoken to over plain HTTP.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::fixture;

/// Long enough for a debug build of the fixture on a busy machine.
const PATIENCE: Duration = Duration::from_secs(90);

/// A running `attest serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    text
}

fn attest() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_attest"));
    c.env("NO_COLOR", "1");
    c
}

impl Server {
    /// Starts `attest serve --port 0` (any free port) on `root` and waits
    /// until it says where it serves.
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = attest()
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let port = wait_for(PATIENCE, || {
            let out = server.stdout.lock().unwrap().clone();
            // The line after the address: the first build is printed too.
            out.find("\nwatching ")?;
            let at = out.find("at http://127.0.0.1:")?;
            let rest = &out[at + "at http://127.0.0.1:".len()..];
            rest[..rest.find('/')?].parse::<u16>().ok()
        });
        server.port = port.unwrap_or_else(|| {
            panic!(
                "the server did not start:\n{}\n{}",
                server.stdout(),
                server.stderr()
            )
        });
        server
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Response {
        request(self.port, "GET", target)
    }
}

/// Calls `f` every 50 ms until it returns `Some`, for at most `limit`.
fn wait_for<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(t) = f() {
            return Some(t);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request, the target sent exactly as given.
fn request(port: u16, method: &str, target: &str) -> Response {
    let raw = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    send_raw(port, raw.as_bytes())
}

fn send_raw(port: u16, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut all = Vec::new();
    stream.read_to_end(&mut all).unwrap();
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&all)));
    let head = String::from_utf8(all[..end].to_vec()).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        head,
        body: all[end + 4..].to_vec(),
    }
}

/// The first `build` event of the event stream, its JSON decoded enough to
/// read: (build id, ok, errors).
fn first_event(port: u16) -> (String, bool, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(b"GET /__attest/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut head = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.starts_with("data: ") {
            break;
        }
        head.push_str(&line);
    }
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    assert!(head.contains("event: build"), "{head}");
    let data: serde_json::Value = serde_json::from_str(line["data: ".len()..].trim_end()).unwrap();
    let text = |name: &str| data[name].as_str().unwrap().to_string();
    (text("build"), data["ok"] == true, text("errors"))
}

/// The page as `attest build` wrote it: the served one without the snippet.
fn without_snippet(served: &str) -> String {
    let start = served
        .find("<script src=\"/__attest/reload.js\"")
        .expect("the reload script is injected");
    let end = start + served[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &served[..start], &served[end..])
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_the_built_site_and_adds_the_script_only_in_responses() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    assert!(
        server.stdout().contains("not for production"),
        "{}",
        server.stdout()
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        home.header("Content-Length"),
        Some(home.body.len().to_string())
    );
    let on_disk = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(!on_disk.contains("__attest"), "the built page is untouched");
    assert_eq!(without_snippet(&home.text()), on_disk);
    assert!(home.text().contains("data-build=\""));
    assert!(!home.text().contains("attest-overlay"));

    let claim = server.get("/claims/port-troops/");
    assert_eq!(claim.status, 200);
    assert!(claim.text().contains("1,500 troops moved to the port city"));
    let moved = server.get("/claims/port-troops?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(
        moved.header("Location").as_deref(),
        Some("/claims/port-troops/?x=1")
    );

    let head = request(server.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("Content-Length"), home.header("Content-Length"));

    // The site's own 404 page, if the build writes one...
    let own = site.path().join("public/404.html");
    fs::write(&own, "<p>our own 404</p>").unwrap();
    let custom = server.get("/claims/nothing-here/");
    assert_eq!(custom.status, 404);
    assert!(custom.text().starts_with("<p>our own 404</p>"));
    assert!(custom.text().contains("/__attest/reload.js"));
    // ...else a plain one.
    fs::remove_file(&own).unwrap();
    let missing = server.get("/nothing");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Not found"), "{}", missing.text());
    assert!(missing.text().contains("/__attest/reload.js"));

    let script = server.get("/__attest/reload.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource(\"/__attest/events\")"));
    assert_eq!(server.get("/__attest/other").status, 404);
    assert_eq!(request(server.port, "POST", "/").status, 405);

    let (build, ok, errors) = first_event(server.port);
    assert!(ok);
    assert_eq!(errors, "");
    assert!(home.text().contains(&format!("data-build=\"{build}\"")));
}

#[test]
fn content_types_and_large_files() {
    let site = fixture("good");
    let stat = site.path().join("static");
    fs::create_dir_all(stat.join("files")).unwrap();
    let kinds = [
        ("a.json", "application/json"),
        ("a.xml", "application/xml"),
        ("a.svg", "image/svg+xml"),
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.gif", "image/gif"),
        ("a.webp", "image/webp"),
        ("a.ico", "image/x-icon"),
        ("a.txt", "text/plain; charset=utf-8"),
        ("a.woff2", "font/woff2"),
        ("a.pdf", "application/pdf"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.unknown", "application/octet-stream"),
    ];
    for (name, _) in kinds {
        fs::write(stat.join("files").join(name), name).unwrap();
    }
    // Larger than any buffer: streamed, every byte in place.
    let big: Vec<u8> = (0..6_000_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(stat.join("files/big.bin"), &big).unwrap();
    let server = Server::start(site.path(), &[]);
    for (name, kind) in kinds {
        let r = server.get(&format!("/files/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("Content-Type").as_deref(), Some(kind), "{name}");
        assert_eq!(r.body, name.as_bytes(), "{name}");
    }
    let css = server.get("/style.css");
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(
        !css.text().contains("__attest"),
        "only HTML gets the script"
    );
    let r = server.get("/files/big.bin");
    assert_eq!(r.header("Content-Length"), Some(big.len().to_string()));
    assert!(r.body == big, "the big file arrives whole");
}

#[test]
fn nothing_outside_the_output_directory_is_served() {
    let site = fixture("good");
    let root = site.path();
    fs::write(root.join("secret.txt"), "TOP-SECRET-42").unwrap();
    let server = Server::start(root, &[]);
    let absolute = root.join("secret.txt");
    let absolute = absolute.to_str().unwrap();
    for target in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E/config.toml",
        "/..%2fconfig.toml",
        "/..%2Fconfig.toml",
        "/claims/../../seeds/report.txt",
        "/claims/%2e%2e/%2e%2e/seeds/report.txt",
        "/../secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/claims\\..\\..\\secret.txt",
        "/..%5c..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "/%252e%252e/secret.txt",
        "//../secret.txt",
        "/./../secret.txt",
        "/secret.txt%00.html",
        "/.attest-output",
        "/../public/index.html",
        absolute,
        &format!("/{absolute}"),
        "/C:/Windows/win.ini",
        "secret.txt",
    ] {
        let r = server.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(!body.contains("TOP-SECRET-42"), "{target}");
        assert!(!body.contains("base_url ="), "{target}");
        assert!(!body.contains("close\n\nTroops"), "{target}");
        assert!(!body.contains("built by attest"), "{target}");
    }
    // Bad requests are bad requests.
    let r = send_raw(server.port, b"GET /a b HTTP/1.1\r\n\r\n");
    assert_eq!(r.status, 400);
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
    let r = send_raw(server.port, huge.as_bytes());
    assert_eq!(r.status, 431);
    // And the server still serves.
    assert_eq!(server.get("/").status, 200);
}

/// The number of threads of a process (Linux), to see that load does not
/// grow them.
fn threads(pid: u32) -> Option<usize> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()
}

#[test]
fn many_clients_at_once_get_answers_and_threads_stay_bounded() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    let before = threads(server.child.id());
    // Idle connections that never send a request occupy some workers...
    let idle: Vec<TcpStream> = (0..10)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    // ...while 200 requests arrive together.
    let port = server.port;
    let clients: Vec<_> = (0..200)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
                s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
                s.write_all(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
                    .ok()?;
                let mut all = Vec::new();
                s.read_to_end(&mut all).ok()?;
                let head = String::from_utf8_lossy(&all[..all.len().min(12)]).into_owned();
                Some(head)
            })
        })
        .collect();
    let mut ok = 0;
    for c in clients {
        let head = c.join().unwrap().unwrap_or_default();
        assert!(
            head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.1 503") || head.is_empty(),
            "{head}"
        );
        ok += usize::from(head.starts_with("HTTP/1.1 200"));
    }
    assert!(ok > 0, "no request was answered");
    if let (Some(before), Some(after)) = (before, threads(server.child.id())) {
        assert!(after <= before + 2, "threads grew from {before} to {after}");
    }
    drop(idle);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_change_rebuilds_and_the_page_follows() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    let (first, ok, _) = first_event(server.port);
    assert!(ok);
    let claim = site.path().join("content/claims/harbour-quiet.md");
    let old_title = fs::read_to_string(&claim)
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("title = \"")
                .map(|t| t.trim_end_matches('"').to_string())
        })
        .unwrap();
    edit(
        &claim,
        &format!("title = \"{old_title}\""),
        "title = \"The harbour was calm all week\"",
    );
    // The files are written before the build's id changes: wait for both.
    let page = wait_for(PATIENCE, || {
        let r = server.get("/claims/harbour-quiet/");
        let text = r.text();
        (text.contains("The harbour was calm all week")
            && !text.contains(&format!("data-build=\"{first}\"")))
        .then_some(r)
    })
    .unwrap_or_else(|| panic!("the page did not change:\n{}", server.stderr()));
    assert!(!page.text().contains("attest-overlay"));
    // Pages are on disk a moment before the new build is announced.
    let (second, ok) = wait_for(PATIENCE, || {
        let (id, ok, _) = first_event(server.port);
        (id != first).then_some((id, ok))
    })
    .unwrap_or_else(|| panic!("a new build has a new id, for browsers to reload"));
    assert!(ok);
    let build = format!("data-build=\"{second}\"");
    wait_for(PATIENCE, || {
        let r = server.get("/claims/harbour-quiet/");
        r.text().contains(&build).then_some(())
    })
    .unwrap_or_else(|| panic!("the page never carried {build}"));
    assert!(
        server
            .stdout()
            .contains("changed: content/claims/harbour-quiet.md")
    );
    // One claim changed: only what depends on it was rebuilt.
    let incremental = wait_for(PATIENCE, || {
        server
            .stdout()
            .contains("(incremental: the changed pages were on disk in")
            .then_some(())
    });
    assert!(incremental.is_some(), "{}", server.stdout());
}

/// The event stream, read one `build` event at a time.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
            .write_all(b"GET /__attest/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        Events(BufReader::new(stream))
    }

    /// The data of the next `build` event.
    fn next(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.0.read_line(&mut line).expect("an event within 30 s");
            assert!(n > 0, "the event stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim_end()).unwrap();
            }
        }
    }
}

#[test]
fn a_changed_claim_page_reloads_as_soon_as_it_is_on_disk() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    let mut events = Events::open(server.port);
    let first = events.next();
    assert!(first.get("pages").is_none(), "{first}");
    let claim = site.path().join("content/claims/harbour-quiet.md");
    edit(
        &claim,
        "\n+++\n",
        "\n+++\nA sentence added to the analysis.\n\n",
    );
    // The claim page first: its event names it, and it is on disk by then.
    let early = events.next();
    assert_eq!(
        early["pages"],
        serde_json::json!(["/claims/harbour-quiet/"]),
        "{early}"
    );
    assert_ne!(early["build"], first["build"]);
    let on_disk =
        fs::read_to_string(site.path().join("public/claims/harbour-quiet/index.html")).unwrap();
    assert!(on_disk.contains("A sentence added to the analysis."));
    // Then the pages that show it: the same id, for every page.
    let done = events.next();
    assert!(done.get("pages").is_none(), "{done}");
    assert_eq!(done["build"], early["build"]);
    assert!(
        server
            .get("/")
            .text()
            .contains(&format!("data-build={}", done["build"]))
    );
}

#[test]
fn polling_alone_sees_changes() {
    let site = fixture("good");
    let server = Server::start(site.path(), &["--poll"]);
    assert!(
        server.stdout().contains("polling only"),
        "{}",
        server.stdout()
    );
    // A save by rename, as many editors do.
    let claim = site.path().join("content/claims/harbour-quiet.md");
    let text = fs::read_to_string(&claim).unwrap();
    let tmp = site.path().join("content/claims/.harbour-quiet.md.tmp");
    let changed = text.replacen("\n+++\n", "\n+++\nA new line of analysis.\n\n", 1);
    fs::write(&tmp, changed).unwrap();
    fs::rename(&tmp, &claim).unwrap();
    wait_for(PATIENCE, || {
        server
            .get("/claims/harbour-quiet/")
            .text()
            .contains("A new line of analysis.")
            .then_some(())
    })
    .unwrap_or_else(|| panic!("the page did not change:\n{}", server.stderr()));
}

#[test]
fn a_failed_rebuild_keeps_the_site_and_shows_the_errors() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    let claim = site.path().join("content/claims/port-troops.md");
    let good = "quote = \"No troops were seen by anyone\"";
    let bad = "quote = \"No <b>troops</b> were seen by nobody\"";
    edit(&claim, good, bad);

    // The page being viewed is the last good one, with the errors over it.
    let page = wait_for(PATIENCE, || {
        let r = server.get("/claims/port-troops/");
        r.text().contains("id=\"attest-overlay\"").then_some(r)
    })
    .unwrap_or_else(|| panic!("no overlay:\n{}", server.stderr()));
    let html = page.text();
    assert!(html.contains("1,500 troops moved to the port city"));
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("error[quote-not-found]"), "{html}");
    assert!(html.contains("No &lt;b&gt;troops&lt;/b&gt; were seen by nobody"));
    assert!(!html.contains("No <b>troops</b>"), "user text is escaped");

    // The browser gets the same text as the terminal.
    let (_, ok, errors) = first_event(server.port);
    assert!(!ok);
    assert!(errors.starts_with("error[quote-not-found]"), "{errors}");
    assert!(
        errors.contains("--> content/claims/port-troops.md:"),
        "{errors}"
    );
    assert!(errors.contains("No <b>troops</b> were seen by nobody"));
    let terminal = wait_for(PATIENCE, || {
        let e = server.stderr();
        e.contains("error: build failed").then_some(e)
    })
    .unwrap();
    assert!(
        terminal.contains(&errors),
        "terminal:\n{terminal}\nbrowser:\n{errors}"
    );
    // The built files on disk are the last good ones.
    let on_disk =
        fs::read_to_string(site.path().join("public/claims/port-troops/index.html")).unwrap();
    assert!(!on_disk.contains("attest-overlay"));

    // Fixing the file removes the overlay on the next build.
    edit(&claim, bad, good);
    wait_for(PATIENCE, || {
        let r = server.get("/claims/port-troops/");
        (!r.text().contains("attest-overlay")).then_some(())
    })
    .unwrap_or_else(|| panic!("the overlay stayed:\n{}", server.stderr()));
    let (_, ok, errors) = first_event(server.port);
    assert!(ok);
    assert_eq!(errors, "");
}

#[test]
fn a_site_that_never_built_shows_its_errors_until_it_builds() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/harbour-quiet.md");
    edit(&claim, "+++\n", "+++\nstnace = 1\n");
    let server = Server::start(site.path(), &[]);
    wait_for(PATIENCE, || {
        server.stderr().contains("error[unknown-key]").then_some(())
    })
    .unwrap_or_else(|| panic!("{}", server.stderr()));
    let home = server.get("/");
    assert_eq!(home.status, 404, "nothing was ever built");
    assert!(
        home.text().contains("id=\"attest-overlay\""),
        "{}",
        home.text()
    );
    assert!(
        home.text().contains("unknown key `stnace`"),
        "{}",
        home.text()
    );
    edit(&claim, "+++\nstnace = 1\n", "+++\n");
    // The page is on disk a moment before the overlay's state is cleared.
    wait_for(PATIENCE, || {
        let home = server.get("/");
        (home.status == 200 && !home.text().contains("attest-overlay")).then_some(())
    })
    .unwrap_or_else(|| panic!("never built:\n{}", server.stderr()));
}

#[test]
fn a_port_in_use_is_an_error_that_names_a_free_one() {
    let site = fixture("good");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = attest()
        .args(["serve", "--root", site.path().to_str().unwrap()])
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[port-in-use]"), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("attest serve --port "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Nothing was built.
    assert!(!site.path().join("public").exists());
}

#[test]
fn help_says_it_is_not_a_production_server() {
    let out = attest().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("not a production server"), "{help}");
    for option in ["--port", "--interface", "--open", "--drafts", "--root"] {
        assert!(help.contains(option), "{option}: {help}");
    }
}

#[test]
fn idle_and_trickling_clients_do_not_keep_others_waiting() {
    let site = fixture("good");
    let server = Server::start(site.path(), &[]);
    // Sockets that say nothing (as browsers' spare connections do), and
    // sockets that send a request head a byte at a time and stop halfway.
    let mut idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    for _ in 0..50 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.write_all(b"GET / HT").unwrap();
        idle.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let home = server.get("/");
    let took = start.elapsed();
    assert_eq!(home.status, 200);
    assert!(
        took < Duration::from_secs(3),
        "answered after {took:?} with {} idle sockets open",
        idle.len()
    );
    drop(idle);
}

#[test]
fn claim_pages_get_their_suggestions_panel_only_from_the_server() {
    let site = fixture("discover");
    let server = Server::start(site.path(), &[]);
    let page = wait_for(PATIENCE, || {
        let r = server.get("/claims/port-troops/");
        (r.status == 200 && r.text().contains("id=\"attest-suggestions\"")).then_some(r)
    })
    .unwrap_or_else(|| panic!("no panel:\n{}", server.stderr()));
    let text = page.text();
    assert!(
        text.contains("Authorities mentioned on Friday that 1,500 troopers"),
        "the twin"
    );
    assert!(text.contains("data-attest-copy=\"attest-suggestions-1-link\""));
    assert!(text.contains("[[not_evidence]]"));
    // Not on other pages, and never on disk.
    assert!(
        !server
            .get("/articles/report/")
            .text()
            .contains("attest-suggestions")
    );
    let on_disk =
        fs::read_to_string(site.path().join("public/claims/port-troops/index.html")).unwrap();
    assert!(!on_disk.contains("attest-suggestions"));
    // Settled in the claim file, the twin leaves the panel at the next build.
    let claim = site.path().join("content/claims/port-troops.md");
    edit(
        &claim,
        "+++\nOfficials say",
        "[[not_evidence]]\narticle = \"spun\"\nquote = \"Authorities mentioned on Friday that 1,500 troopers had moved\"\nreason = \"A copy.\"\n+++\nOfficials say",
    );
    wait_for(PATIENCE, || {
        let r = server.get("/claims/port-troops/");
        let t = r.text();
        (t.contains("id=\"attest-suggestions\"") && !t.contains("Authorities mentioned"))
            .then_some(())
    })
    .unwrap_or_else(|| panic!("the panel did not follow:\n{}", server.stderr()));
}
