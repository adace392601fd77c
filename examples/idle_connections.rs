//! Benchmark of the development server under idle and slow clients: the
//! time to answer a page request while many other sockets are open and
//! send nothing (as browsers' spare connections do) or trickle a request
//! head a byte at a time.
//!
//! cargo run --release --example idle_connections -- [--idle N] [--trickling N] [--requests N]
//!
//! Serves a temporary folder with one 30 KB page on a free loopback port
//! (the server of `attest serve`, in this process) and prints the median
//! and maximum latency of N requests, alone, with N idle sockets, and with
//! N idle and N trickling ones, and how many were not answered 200 (a busy
//! server answers 503).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use attest::serve::http::{self, Site};
use attest::serve::reload::Hub;

fn main() {
    let mut idle = 200usize;
    let mut trickling = 100usize;
    let mut requests = 50usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let n = args.next().and_then(|n| n.parse().ok());
        match (a.as_str(), n) {
            ("--idle", Some(n)) => idle = n,
            ("--trickling", Some(n)) => trickling = n,
            ("--requests", Some(n)) => requests = n,
            _ => {
                eprintln!("usage: idle_connections [--idle N] [--trickling N] [--requests N]");
                std::process::exit(2);
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = format!(
        "<!DOCTYPE html><html><head><title>t</title></head><body>{}</body></html>",
        "<p>A paragraph of the page.</p>".repeat(1000)
    );
    std::fs::write(dir.path().join("index.html"), page).expect("the page");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    let site = Arc::new(Site {
        dir: dir.path().to_path_buf(),
        hub: Hub::new(),
        extra: None,
    });
    http::start(listener, site).expect("the server");

    report("alone", &measure(port, requests));

    let sockets: Vec<TcpStream> = (0..idle)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    report(
        &format!("{idle} idle sockets open"),
        &measure(port, requests),
    );

    let stop = Arc::new(AtomicBool::new(false));
    let trickler = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || trickle(port, trickling, &stop))
    };
    std::thread::sleep(Duration::from_millis(300));
    report(
        &format!("{idle} idle and {trickling} trickling sockets"),
        &measure(port, requests),
    );
    stop.store(true, Ordering::Relaxed);
    trickler.join().expect("the trickling thread");
    drop(sockets);
}

/// Latencies of `n` GET requests, one after the other, and how many were
/// not answered 200 (503: busy).
fn measure(port: u16, n: usize) -> (Vec<Duration>, usize) {
    let mut refused = 0;
    let times = (0..n)
        .map(|_| {
            let start = Instant::now();
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.set_read_timeout(Some(Duration::from_secs(60))).ok();
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .expect("request");
            let mut body = Vec::new();
            s.read_to_end(&mut body).expect("response");
            if !body.starts_with(b"HTTP/1.1 200") {
                refused += 1;
            }
            start.elapsed()
        })
        .collect();
    (times, refused)
}

/// Keeps `n` sockets sending a request head a byte every 50 ms, opening a
/// new one when the server closes one, until `stop`.
fn trickle(port: u16, n: usize, stop: &AtomicBool) {
    let head =
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let open = || TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut socks: Vec<(TcpStream, usize)> = (0..n).map(|_| (open(), 0)).collect();
    while !stop.load(Ordering::Relaxed) {
        for (s, sent) in &mut socks {
            // Never the last byte: the head stays incomplete.
            let byte = head[*sent % (head.len() - 1)];
            if s.write_all(&[byte]).is_err() {
                *s = open();
                *sent = 0;
            } else {
                *sent += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn report(what: &str, (times, refused): &(Vec<Duration>, usize)) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.2} ms, max {:.2} ms over {} requests, {refused} not answered 200",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[sorted.len() - 1]),
        sorted.len()
    );
}
