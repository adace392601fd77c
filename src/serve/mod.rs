//! `attest serve`: build the site, serve it on a local port, rebuild on
//! every change of its sources and reload the pages open in the browser.
//!
//! - [`watch`]: what changed (snapshots, native events, polling, debounce);
//! - [`http`]: a small HTTP/1.1 server for the files of the output directory;
//! - [`reload`]: the live-reload script, the error overlay and the browsers
//!   waiting for the next build.
//!
//! Every rebuild goes through a [`Session`], which keeps the last good
//! build in memory and redoes only what a change affects.

pub mod http;
pub mod panel;
pub mod reload;
pub mod watch;

use std::io::{self, IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;

use crate::build::{BuildOptions, BuildReport};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::rebuild::Session;

/// The port `attest serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The build, as `attest build` would run it (`check_only` is ignored).
    pub build: BuildOptions,
    /// The address to listen on: loopback unless asked otherwise.
    pub interface: IpAddr,
    /// The port; 0 lets the system choose a free one.
    pub port: u16,
    /// Open the home page in the default browser once serving.
    pub open: bool,
    /// Watch by polling only, without native file events.
    pub poll: bool,
    /// Print the time of each stage after every build.
    pub timings: bool,
}

impl ServeOptions {
    pub fn new(build: BuildOptions) -> ServeOptions {
        ServeOptions {
            build,
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            open: false,
            poll: false,
            timings: false,
        }
    }
}

/// Serves the site until the process is stopped. Returns only on a problem
/// that prevents serving (the port is taken, the output directory may not
/// be written); the problem is a diagnostic, printed like the others.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostics> {
    let mut build_options = options.build.clone();
    build_options.check_only = false;
    let out = build_options.output_dir();
    let fail = |d: Diagnostic| {
        let mut ds = Diagnostics::new();
        ds.push(d);
        ds
    };
    // Never serve a folder the build would refuse to replace.
    crate::write::check_output_dir(&build_options.root, &out).map_err(fail)?;
    let listener = bind(options.interface, options.port).map_err(fail)?;
    let address = listener
        .local_addr()
        .map_err(|e| fail(bind_failed(options, &e)))?;

    // The first snapshot comes before the first build: a file saved while
    // it runs is seen.
    let scope = watch::Scope::new(&build_options.root, &out);
    let mode = if options.poll {
        watch::Mode::Poll
    } else {
        watch::Mode::Native
    };
    let mut watcher = watch::Watcher::new(scope, mode);

    let hub = reload::Hub::new();
    let session = Arc::new(std::sync::Mutex::new(Session::new(build_options.clone())));
    let report = lock(&session).rebuild(&[]);
    print_report(&report, &out, options.timings);
    hub.publish(report.succeeded, browser_text(&report, &out));

    let for_panel = Arc::clone(&session);
    let site = Arc::new(http::Site {
        dir: crate::write::absolute(&out),
        hub: Arc::clone(&hub),
        extra: Some(Box::new(move |rel: &str| panel::for_page(&for_panel, rel))),
    });
    http::start(listener, site).map_err(|e| fail(bind_failed(options, &e)))?;

    let url = url_of(address);
    println!(
        "serving {} at {url} (a development server, not for production; Ctrl-C to stop)",
        out.display()
    );
    println!(
        "watching {} files of config.toml, content/, seeds/, templates/, static/: {}a look every {} ms ({:.1} ms each)",
        watcher.files(),
        if watcher.is_native() {
            "file events, and "
        } else {
            "polling only, "
        },
        watcher.poll_interval().as_millis(),
        watcher.scan_cost().as_secs_f64() * 1000.0,
    );
    if !options.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can reach this server",
            options.interface
        );
    }
    if options.open {
        open_browser(&url);
    }
    let _ = io::stdout().flush();

    loop {
        let changes = watcher.wait();
        println!("{}", describe_changes(&changes));
        // The changed pages reload as soon as they are on disk.
        let report = lock(&session).rebuild_then(&changes, |pages| hub.publish_pages(pages));
        print_report(&report, &out, options.timings);
        hub.publish(report.succeeded, browser_text(&report, &out));
        let _ = io::stdout().flush();
    }
}

fn lock(session: &std::sync::Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    session
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// "changed: content/claims/x.md" or "changed: a.md and 3 more files".
pub fn describe_changes(changes: &[watch::Change]) -> String {
    let first = changes.first().map_or("", |c| c.path.as_str());
    match changes.len() {
        0 | 1 => format!("changed: {first}"),
        2 => format!("changed: {first} and 1 more file"),
        n => format!("changed: {first} and {} more files", n - 1),
    }
}

/// Prints a build's diagnostics (coloured on a terminal) and its summary
/// or failure line, as `attest build` does.
pub fn print_report(report: &BuildReport, out: &Path, timings: bool) {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report.diagnostics.render(color));
    if report.succeeded {
        let incremental = report.first_written.map_or(String::new(), |first| {
            format!(
                " (incremental: the changed pages were on disk in {} ms)",
                first.as_millis()
            )
        });
        println!(
            "{} -> {}{incremental}",
            report.summary(false),
            out.display()
        );
        if timings {
            print!("{}", report.timings_table());
        }
    } else {
        eprintln!("{}", failure_line(report, out));
    }
}

/// `error: build failed with 2 errors; public was left unchanged`.
pub fn failure_line(report: &BuildReport, out: &Path) -> String {
    let d = &report.diagnostics;
    let errors = d.error_count();
    let warnings = d.warning_count();
    let mut s = format!(
        "error: build failed with {errors} error{}",
        if errors == 1 { "" } else { "s" }
    );
    if warnings > 0 {
        s.push_str(&format!(
            " and {warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    s.push_str(&format!("; {} was left unchanged", out.display()));
    s
}

/// What the browser overlay shows for a build: the command line's text.
fn browser_text(report: &BuildReport, out: &Path) -> String {
    if report.succeeded {
        return String::new();
    }
    format!(
        "{}{}",
        report.diagnostics.render(false),
        failure_line(report, out)
    )
}

fn url_of(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", address.port()),
        _ => format!("http://{address}/"),
    }
}

/// Binds the listening socket; a port in use is an error that names a free
/// one.
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let address = SocketAddr::new(interface, port);
    TcpListener::bind(address).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            let mut d = Diagnostic::error(
                "port-in-use",
                format!("cannot serve on {address}: the port is in use"),
            )
            .note("another program, or another `attest serve`, is listening there");
            d = match next_free_port(interface, port) {
                Some(free) => d.help(format!("port {free} is free: `attest serve --port {free}`")),
                None => d.help("pass another port with `--port N`, or `--port 0` for any free one"),
            };
            d
        } else {
            Diagnostic::error("serve-failed", format!("cannot serve on {address}: {e}")).help(
                match e.kind() {
                    io::ErrorKind::PermissionDenied => {
                        "ports below 1024 need special rights: use a higher port such as 1111"
                    }
                    io::ErrorKind::AddrNotAvailable => {
                        "the address is not one of this machine's: leave out --interface to use 127.0.0.1"
                    }
                    _ => "pass another port with `--port N`, or another `--interface`",
                },
            )
        }
    })
}

fn bind_failed(options: &ServeOptions, e: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "serve-failed",
        format!(
            "cannot serve on {}: {e}",
            SocketAddr::new(options.interface, options.port)
        ),
    )
}

/// The first port after `port` that can be bound on `interface`.
pub fn next_free_port(interface: IpAddr, port: u16) -> Option<u16> {
    (port.checked_add(1)?..=port.saturating_add(100))
        .find(|&p| TcpListener::bind(SocketAddr::new(interface, p)).is_ok())
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("warning: cannot open a browser ({e}); open {url} yourself"),
    }
}
