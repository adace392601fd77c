//! Benchmark of the editor's loop through `attest serve`, watcher included:
//! from the moment a claim file is saved to the moment the browser is told
//! to reload (the `build` event on `/__attest/events`), with the claim page
//! on disk by then.
//!
//!     cargo run --release --example edit_reload -- --root DIR [--edits N] [--rename] [--attest PATH]
//!
//! DIR is a site root, e.g. one made by `gen_site`. Starts `attest serve`
//! (the release build beside this example, or PATH) on a free port, listens
//! to the event stream like a browser, then saves N claim files one after
//! the other (a suffix added to the title; `--rename`: written to a
//! temporary file renamed over the claim, as many editors save) and waits
//! for each reload event and the end of its rebuild. Every claim file is put
//! back as it was at the end. Prints the median, quartiles and range.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Args {
    root: PathBuf,
    edits: usize,
    rename: bool,
    attest: PathBuf,
}

fn args() -> Args {
    let mut root = None;
    let mut edits = 10;
    let mut rename = false;
    let mut attest = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.join("attest")))
        .unwrap_or_else(|| PathBuf::from("attest"));
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--root" => root = it.next().map(PathBuf::from),
            "--edits" => edits = it.next().and_then(|n| n.parse().ok()).unwrap_or(edits),
            "--rename" => rename = true,
            "--attest" => attest = it.next().map(PathBuf::from).unwrap_or(attest),
            _ => usage(),
        }
    }
    let Some(root) = root else { usage() };
    Args {
        root,
        edits,
        rename,
        attest,
    }
}

fn usage() -> ! {
    eprintln!("usage: edit_reload --root DIR [--edits N] [--rename] [--attest PATH]");
    std::process::exit(2)
}

/// `attest serve`, stopped when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The event stream, one `build` event at a time.
struct Events(BufReader<TcpStream>);

impl Events {
    fn next(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .0
                .read_line(&mut line)
                .expect("a build event within 120 s");
            assert!(n > 0, "the event stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim_end()).expect("JSON data");
            }
        }
    }
}

fn main() {
    let args = args();
    let root = &args.root;
    let mut child = Command::new(&args.attest)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", args.attest.display()));
    let stdout = child.stdout.take().expect("stdout");
    let serve = Serve(child);
    // The server's lines, read on a thread; the port comes from the first ones.
    let (tx, lines) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut port = None;
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(600)) {
        if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
        }
        if line.starts_with("watching ") {
            println!("{line}");
            break;
        }
    }
    let port = port.expect("attest serve said where it serves");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    stream
        .write_all(b"GET /__attest/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("request the event stream");
    let mut events = Events(BufReader::new(stream));
    let mut build = events.next()["build"].clone();

    let mut claims: Vec<String> = fs::read_dir(root.join("content/claims"))
        .expect("content/claims")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    claims.sort();
    let mut originals: Vec<(PathBuf, String)> = Vec::new();
    let mut times: Vec<Duration> = Vec::new();
    for i in 0..args.edits {
        let name = &claims[(i * 7919 + 13) % claims.len()];
        let path = root.join("content/claims").join(name);
        let original = fs::read_to_string(&path).expect("claim file");
        let marker = format!(" (edit {i})");
        let edited = original.replacen("\"\ncla", &format!("{marker}\"\ncla"), 1);
        assert_ne!(edited, original, "{name}: no `title` line before `claim`");
        originals.push((path.clone(), original));
        // Let the last rebuild's writes and events pass.
        std::thread::sleep(Duration::from_millis(300));
        let saved = save(&path, &edited, args.rename);
        let event = loop {
            let e = events.next();
            if e["build"] != build && e["ok"] == true {
                break e;
            }
        };
        let reload = saved.elapsed();
        build = event["build"].clone();
        let slug = name.trim_end_matches(".md");
        let page = fs::read_to_string(root.join(format!("public/claims/{slug}/index.html")))
            .expect("the claim page");
        assert!(
            page.contains(&marker),
            "the claim page was not on disk when the browser was told to reload"
        );
        times.push(reload);
        // The end of the rebuild (an early event names the pages rebuilt first).
        if event.get("pages").is_some() {
            while events.next().get("pages").is_some() {}
        }
        // Drain what the server printed.
        while lines.try_recv().is_ok() {}
    }
    for (path, original) in &originals {
        fs::write(path, original).expect("put the claim back");
    }
    drop(serve);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut sorted = times.clone();
    sorted.sort();
    let q = |f: f64| ms(sorted[((sorted.len() - 1) as f64 * f).round() as usize]);
    println!(
        "save to reload event ({} edits, {}): median {:.0} ms, quartiles {:.0}-{:.0} ms, range {:.0}-{:.0} ms",
        times.len(),
        if args.rename {
            "saved by rename"
        } else {
            "saved in place"
        },
        q(0.5),
        q(0.25),
        q(0.75),
        q(0.0),
        q(1.0)
    );
    println!(
        "each: {}",
        times
            .iter()
            .map(|t| format!("{:.0}", ms(*t)))
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// Saves `text` to `path`, in place or by renaming a temporary file over it;
/// returns the moment the save was done.
fn save(path: &Path, text: &str, rename: bool) -> Instant {
    if rename {
        let tmp = path.with_extension("md.tmp~");
        fs::write(&tmp, text).expect("write the temporary file");
        fs::rename(&tmp, path).expect("rename it over the claim");
    } else {
        let mut f = fs::File::create(path).expect("open the claim");
        f.write_all(text.as_bytes()).expect("write the claim");
    }
    Instant::now()
}
