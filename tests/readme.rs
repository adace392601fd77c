//! The README's examples, run as a reader would run them, in a fresh folder
//! (Unix: the commands run with `sh`).
#![cfg(unix)]
//!
//! - A ```` ```console ```` block is a terminal session: each `$ ` line is a
//!   command (`cd DIR` changes folder; anything else runs with `sh -c`, the
//!   `attest` built by this test first on the PATH), and the lines after it
//!   are its output, stdout and stderr together, compared with snapbox's
//!   elisions (as trycmd): `[..]` for any text within a line, `...` on a
//!   line of its own for any lines. A command whose output shows `error:`
//!   must fail; any other must succeed.
//! - A block whose info string has `file=PATH` (```` ```toml file=content/claims/x.md ````)
//!   is written to PATH, relative to the current folder, before what follows.
//! - Other blocks (```` ```sh ````, for commands that install, serve or take
//!   long) are not run.
//!
//! The sessions share one folder and run in the README's order. To rewrite
//! the outputs in README.md from what the commands print now (keeping the
//! elisions that still match, and eliding build times):
//! `README_SNAPSHOTS=overwrite cargo test --test readme`.

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use snapbox::Data;
use snapbox::filter::NormalizeToExpected;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

/// One runnable piece of the README, in order.
enum Step {
    /// Write `text` to `path`.
    File { path: String, text: String },
    /// Run `command`; `expected` is the output the README shows, which
    /// occupies README lines `lines` (0-based, end exclusive).
    Command {
        line: usize,
        command: String,
        expected: String,
        lines: std::ops::Range<usize>,
    },
}

fn steps(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let info = info.trim().to_string();
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && lines[end].trim_end() != "```" {
            end += 1;
        }
        let body = &lines[start..end];
        let file = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
            .map(str::to_string);
        if let Some(path) = file {
            let mut text = body.join("\n");
            text.push('\n');
            steps.push(Step::File { path, text });
        } else if info == "console" {
            let mut j = 0;
            while j < body.len() {
                let Some(command) = body[j].strip_prefix("$ ") else {
                    panic!(
                        "README.md:{}: a console block must start with a `$ ` command",
                        start + j + 1
                    );
                };
                let mut k = j + 1;
                while k < body.len() && !body[k].starts_with("$ ") {
                    k += 1;
                }
                let expected = body[j + 1..k].iter().map(|l| format!("{l}\n")).collect();
                steps.push(Step::Command {
                    line: start + j + 1,
                    command: command.to_string(),
                    expected,
                    lines: start + j + 1..start + k,
                });
                j = k;
            }
        }
        i = end + 1;
    }
    steps
}

/// A command that takes longer than this is ended, and the test fails.
const COMMAND_LIMIT: Duration = Duration::from_secs(120);

/// Runs `command` in `cwd`: (succeeded, stdout and stderr), or an error
/// when it overstays [`COMMAND_LIMIT`] (it is ended with its process group).
fn run(command: &str, cwd: &Path, bin_dir: &Path) -> Result<(bool, String), String> {
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    // 2>&1 inside the shell keeps stdout and stderr in the order they were printed.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1; {command}"))
        .current_dir(cwd)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > COMMAND_LIMIT {
            // SAFETY: kill(2) on the process group this command leads.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
            return Err(format!(
                "did not finish within {} s and was ended",
                COMMAND_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = reader.join().unwrap();
    Ok((status.success(), String::from_utf8_lossy(&out).into_owned()))
}

/// `in 1234 ms` -> `in [..] ms`: a rewritten output keeps no timing.
fn elide_millis(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" in ") {
        let (head, tail) = rest.split_at(i + 4);
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && tail[digits..].starts_with(" ms") {
            out.push_str("[..]");
            rest = &tail[digits..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn readme_examples_run_as_shown() {
    let readme = fs::read_to_string(README).unwrap();
    let overwrite = std::env::var("README_SNAPSHOTS").as_deref() == Ok("overwrite");
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_attest"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut cwd = tmp.path().to_path_buf();
    let mut failures = Vec::new();
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut commands = 0;
    for step in steps(&readme) {
        match step {
            Step::File { path, text } => {
                let path = cwd.join(path);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            Step::Command {
                line,
                command,
                expected,
                lines,
            } => {
                commands += 1;
                if let Some(dir) = command.strip_prefix("cd ") {
                    cwd = cwd.join(dir.trim());
                    assert!(
                        cwd.is_dir(),
                        "README.md:{line}: no folder {}",
                        cwd.display()
                    );
                    continue;
                }
                let (ok, actual) = match run(&command, &cwd, &bin_dir) {
                    Ok(done) => done,
                    Err(e) => {
                        failures.push(format!("README.md:{line}: `{command}` {e}"));
                        continue;
                    }
                };
                let actual = actual.replace(tmp.path().to_str().unwrap(), "[ROOT]");
                let normalized = NormalizeToExpected::new()
                    .redact()
                    .normalize(Data::text(actual.clone()), &Data::text(expected.clone()))
                    .render()
                    .unwrap();
                let should_fail = expected.lines().any(|l| l.starts_with("error:"));
                if ok == should_fail {
                    failures.push(format!(
                        "README.md:{line}: `{command}` {}\n{actual}",
                        if ok {
                            "succeeded; the README shows it failing"
                        } else {
                            "failed"
                        }
                    ));
                }
                if normalized != expected {
                    if overwrite {
                        replacements.push((lines, elide_millis(&normalized)));
                    } else {
                        failures.push(format!(
                            "README.md:{line}: `{command}` printed\n{actual}\nwhere the README shows\n{expected}"
                        ));
                    }
                }
            }
        }
    }
    assert!(commands >= 5, "only {commands} commands found in README.md");
    if overwrite && !replacements.is_empty() {
        let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
        for (range, text) in replacements.into_iter().rev() {
            lines.splice(range, text.lines().map(str::to_string));
        }
        fs::write(README, lines.join("\n") + "\n").unwrap();
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the new output is right: README_SNAPSHOTS=overwrite cargo test --test readme",
        failures.join("\n---\n")
    );
}
