//! Live reload: the state of the last build, the browsers listening for
//! the next one (Server-Sent Events on `/__attest/events`), and what the
//! development server adds to the HTML pages it serves.
//!
//! Every page served gets, before `</body>`, a script tag for
//! `/__attest/reload.js` that carries the id of the build the page comes
//! from. The script opens an `EventSource`; on every build the server sends
//! `{"build": id, "ok": bool, "errors": text}`. A successful build has a new
//! id, and the page reloads; a failed build keeps the id of the last good
//! one (whose pages are still served) and the script shows its errors in an
//! overlay, with the text the command line prints. While the last build has
//! failed, the overlay is also written into every page served, so a page
//! opened then shows the errors at once, with or without the script. The
//! files on disk are never changed.
//!
//! An incremental rebuild first writes the pages of the changed files, then
//! the pages that show them. As soon as the first are on disk, the server
//! sends the new id with their paths (`"pages": ["/claims/x/"]`): only those
//! pages reload. Until the rest is written, other pages are served with the
//! previous id, and the event that ends the rebuild (the same new id, no
//! `pages`) reloads them.

use crate::render::escape::html;
use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__attest/events";
/// The path of the client script.
pub const SCRIPT_PATH: &str = "/__attest/reload.js";
/// Every path under this prefix belongs to the development server.
pub const PREFIX: &str = "/__attest/";
/// The id of the overlay element.
pub const OVERLAY_ID: &str = "attest-overlay";

/// At most this many browsers listen at once; the oldest is dropped.
const MAX_LISTENERS: usize = 64;
/// A comment line is sent this often, so that dead connections are noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The client script: reloads on a new build, shows and hides the overlay.
pub const SCRIPT: &str = include_str!("reload.js");

/// The outcome of the last build, as the browser sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildState {
    /// The id of the last successful build (the pages being served).
    pub build: String,
    pub ok: bool,
    /// The errors, as the command line prints them without colour; empty
    /// when `ok`.
    pub errors: String,
    /// While a rebuild is under way: the pages already written with the
    /// new id (output paths, `claims/x/index.html`); empty otherwise.
    pub pages: Vec<String>,
    /// While a rebuild is under way: the id of every other page.
    pub previous: String,
}

impl BuildState {
    /// The state as one Server-Sent Event.
    pub fn event(&self) -> String {
        // serde_json writes one line: newlines in the errors become `\n`.
        let mut data =
            serde_json::json!({"build": self.build, "ok": self.ok, "errors": self.errors});
        if !self.pages.is_empty() {
            data["pages"] = self.pages.iter().map(|p| url_path(p)).collect();
        }
        format!("event: build\ndata: {data}\n\n")
    }

    /// What the server puts before `</body>` of an HTML page: the overlay
    /// (if the last build failed) and the script tag.
    pub fn snippet(&self) -> String {
        self.snippet_for(None)
    }

    /// The snippet for the page at `file` (a path in the output directory):
    /// while a rebuild is under way, a page not yet rebuilt has the previous id.
    pub fn snippet_for(&self, file: Option<&str>) -> String {
        let mut s = String::new();
        if !self.ok {
            s.push_str(&overlay_html(&self.errors));
        }
        let rebuilt = file.is_some_and(|f| self.pages.iter().any(|p| p == f));
        let build = if self.pages.is_empty() || rebuilt {
            &self.build
        } else {
            &self.previous
        };
        s.push_str(&format!(
            "<script src=\"{SCRIPT_PATH}\" data-build=\"{}\" defer></script>\n",
            html(build)
        ));
        s
    }
}

/// The address path of an output file: `claims/x/index.html` -> `/claims/x/`.
fn url_path(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// The overlay as HTML, for pages served while the last build has failed.
pub fn overlay_html(errors: &str) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" aria-labelledby=\"{OVERLAY_ID}-title\" \
         style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.97);\
         color:#f4f4f4;padding:1.5rem;font:16px/1.5 system-ui,sans-serif\">\
         <p id=\"{OVERLAY_ID}-title\" style=\"margin:0 0 1rem;font-weight:bold;color:#ff8f8f\">\
         The last build failed. This page is from the last good build; fix the errors and save to rebuild.</p>\
         <pre style=\"white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace;margin:0 0 1rem\">{}</pre>\
         <button type=\"button\">Hide</button></div>\n",
        html(errors)
    )
}

/// `html` with the snippet inserted before its last `</body>` (any case),
/// or appended when there is none.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The last build and the browsers waiting for the next.
pub struct Hub {
    /// Distinguishes this server's builds from an earlier server's.
    instance: String,
    generation: AtomicU64,
    state: Mutex<BuildState>,
    listeners: Mutex<Vec<TcpStream>>,
}

impl Hub {
    /// A hub whose current build is the first one.
    pub fn new() -> Arc<Hub> {
        let instance = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let instance = format!("{instance:x}");
        let hub = Arc::new(Hub {
            state: Mutex::new(BuildState {
                build: format!("{instance}-0"),
                ok: true,
                errors: String::new(),
                pages: Vec::new(),
                previous: String::new(),
            }),
            instance,
            generation: AtomicU64::new(0),
            listeners: Mutex::new(Vec::new()),
        });
        let weak = Arc::downgrade(&hub);
        std::thread::Builder::new()
            .name("attest-heartbeat".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(HEARTBEAT);
                    let Some(hub) = weak.upgrade() else { return };
                    hub.send_all(": ping\n\n");
                }
            })
            .ok();
        hub
    }

    /// The state pages are served with.
    pub fn current(&self) -> BuildState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Records a build: a success gets a new id (the pages changed), a
    /// failure keeps the last good id and carries the errors. Every
    /// listening browser is told. A rebuild whose first pages were
    /// published ([`Hub::publish_pages`]) keeps the id they got, or, if it
    /// failed, goes back to the one before.
    pub fn publish(&self, ok: bool, errors: String) {
        let event = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let under_way = !state.pages.is_empty();
            state.pages.clear();
            if ok {
                if !under_way {
                    state.build = self.next_id();
                }
                state.errors.clear();
            } else {
                if under_way {
                    state.build = std::mem::take(&mut state.previous);
                }
                state.errors = errors;
            }
            state.ok = ok;
            state.event()
        };
        self.send_all(&event);
    }

    /// Records that a rebuild wrote its first pages (output paths): they
    /// get a new id and reload now, the others when [`Hub::publish`] ends
    /// the rebuild.
    pub fn publish_pages(&self, pages: &[String]) {
        if pages.is_empty() {
            return;
        }
        let event = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.pages.is_empty() {
                state.previous = std::mem::take(&mut state.build);
            }
            state.build = self.next_id();
            state.pages = pages.to_vec();
            state.event()
        };
        self.send_all(&event);
    }

    fn next_id(&self) -> String {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        format!("{}-{generation}", self.instance)
    }

    /// The snippet for the page at `file` in the output directory.
    pub fn snippet_for(&self, file: Option<&str>) -> String {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .snippet_for(file)
    }

    /// Adds a browser whose response headers were sent; it gets the current
    /// state at once.
    pub fn listen(&self, mut stream: TcpStream) {
        // Holding the list while the state is read and sent: a build
        // published meanwhile waits for the list, so it reaches this browser.
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        let first = format!("retry: 1000\n\n{}", self.current().event());
        let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
        if stream.write_all(first.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
        if listeners.len() >= MAX_LISTENERS {
            let oldest = listeners.remove(0);
            let _ = oldest.shutdown(std::net::Shutdown::Both);
        }
        listeners.push(stream);
    }

    /// Number of browsers listening.
    pub fn listeners(&self) -> usize {
        self.listeners.lock().map_or(0, |l| l.len())
    }

    fn send_all(&self, text: &str) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain_mut(|s| {
            s.write_all(text.as_bytes())
                .and_then(|()| s.flush())
                .is_ok()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_goes_before_the_last_body_end_tag() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = inject(html, "<script></script>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script></script></BODY></html>"
        );
        assert_eq!(inject(b"plain", "+"), b"plain+");
    }

    #[test]
    fn errors_are_escaped_in_the_overlay_and_the_event() {
        let state = BuildState {
            build: "1-1".into(),
            ok: false,
            errors: "error: quote = \"<script>alert(1)</script>\" & more\nline 2".into(),
            pages: Vec::new(),
            previous: String::new(),
        };
        let snippet = state.snippet();
        assert!(snippet.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!snippet.contains("<script>alert"));
        let event = state.event();
        assert_eq!(event.trim_end().lines().count(), 2, "{event}");
        let data: serde_json::Value = serde_json::from_str(
            event
                .lines()
                .nth(1)
                .unwrap()
                .strip_prefix("data: ")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(data["errors"], state.errors.as_str());
    }

    #[test]
    fn a_success_changes_the_build_id_and_a_failure_keeps_it() {
        let hub = Hub::new();
        let first = hub.current().build;
        hub.publish(true, String::new());
        let second = hub.current();
        assert_ne!(second.build, first);
        assert!(second.ok);
        hub.publish(false, "error[x]: broken".into());
        let third = hub.current();
        assert_eq!(third.build, second.build);
        assert!(!third.ok);
        assert_eq!(third.errors, "error[x]: broken");
    }

    #[test]
    fn the_first_pages_of_a_rebuild_reload_before_the_others() {
        let hub = Hub::new();
        hub.publish(true, String::new());
        let before = hub.current().build;
        let claim = "claims/x/index.html";
        hub.publish_pages(&[claim.to_string()]);
        let early = hub.current();
        assert_ne!(early.build, before);
        let event = early.event();
        assert!(event.contains("\"pages\":[\"/claims/x/\"]"), "{event}");
        // The rebuilt page carries the new id; the others, not rebuilt yet, the old one.
        let id = |s: String| {
            s.split("data-build=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(id(hub.snippet_for(Some(claim))), early.build);
        assert_eq!(id(hub.snippet_for(Some("index.html"))), before);
        // The end of the rebuild: the same id for every page, no reload for the claim.
        hub.publish(true, String::new());
        let done = hub.current();
        assert_eq!(done.build, early.build);
        assert!(!done.event().contains("pages"));
        assert_eq!(id(hub.snippet_for(Some("index.html"))), early.build);
        // A rebuild that fails after its first pages goes back to the last good id.
        hub.publish_pages(&[claim.to_string()]);
        hub.publish(false, "error[x]: broken".into());
        let failed = hub.current();
        assert_eq!(failed.build, done.build);
        assert!(!failed.ok);
    }
}
