//! The output directory as it is replaced: builds at the same time, the
//! swap, and failed builds, as users run them (the `attest` binary).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use attest::build::build;
use attest::write::{OutputLock, Wait};
use common::*;

/// Long enough for a debug build of the fixture on a busy machine.
const PATIENCE: Duration = Duration::from_secs(120);

fn attest() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_attest"));
    c.env("NO_COLOR", "1");
    c
}

/// A running `attest`, with what it printed on stderr so far; killed if dropped early.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = attest()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Running { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits for the process to end (at most `PATIENCE`); whether it succeeded, and its stderr.
    fn finish(mut self) -> (bool, String) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread ends with the pipe; give it a moment to take the rest.
                std::thread::sleep(Duration::from_millis(50));
                return (status.success(), self.stderr());
            }
            assert!(
                start.elapsed() < PATIENCE,
                "attest did not finish:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a build of the site at `root` writes, built on its own.
fn reference(root: &Path) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(root);
    opts.output_dir = Some(dir.path().join("out"));
    let report = build(&opts);
    assert!(report.succeeded, "{}", messages(&report));
    let files = files(&dir.path().join("out"));
    (dir, files)
}

#[test]
fn a_build_waits_for_the_one_writing_its_output_or_fails_at_once_with_no_wait() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    let out = site.path().join("public");
    let (_keep, expected) = reference(site.path());
    // This test process plays the other build.
    let lock = OutputLock::acquire(&attest::write::absolute(&out), Wait::NoWait, &|_| {}).unwrap();
    let me = format!("process {}", std::process::id());

    let (ok, stderr) = Running::start(&["--root", root, "--no-wait"]).finish();
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("error[output-locked]"), "{stderr}");
    assert!(stderr.contains(&me), "the holder is named: {stderr}");
    assert!(!out.exists());

    let mut waiting = Running::start(&["--root", root]);
    let start = Instant::now();
    // The message may arrive in pieces: wait for the whole line.
    while !waiting.stderr().contains("waiting for") || !waiting.stderr().contains('\n') {
        assert!(
            start.elapsed() < PATIENCE,
            "no waiting message: {}",
            waiting.stderr()
        );
        assert!(waiting.running(), "it ended: {}", waiting.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(waiting.stderr().contains(&me), "{}", waiting.stderr());
    std::thread::sleep(Duration::from_millis(300));
    assert!(waiting.running(), "it must wait while the lock is held");
    assert!(!out.exists(), "nothing is written while waiting");
    drop(lock);
    let (ok, stderr) = waiting.finish();
    assert!(ok, "{stderr}");
    assert_eq!(files(&out), expected);
}

#[test]
fn two_builds_into_one_output_at_once_leave_one_whole_site() {
    let site = fixture("good");
    let other = fixture("good");
    let claim = other.path().join("content/claims/port-troops.md");
    let text = fs::read_to_string(&claim).unwrap();
    fs::write(
        &claim,
        text.replace("rating = \"unproven\"", "rating = \"false\""),
    )
    .unwrap();
    let (_a, first) = reference(site.path());
    let (_b, second) = reference(other.path());
    assert_ne!(first, second);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let out_arg = out.to_str().unwrap();
    for (trial, roots) in [
        [site.path(), site.path()],
        [site.path(), other.path()],
        [other.path(), site.path()],
    ]
    .iter()
    .enumerate()
    {
        let builds: Vec<Running> = roots
            .iter()
            .map(|r| Running::start(&["--root", r.to_str().unwrap(), "--output-dir", out_arg]))
            .collect();
        for b in builds {
            let (ok, stderr) = b.finish();
            assert!(ok, "trial {trial}: {stderr}");
        }
        let got = files(&out);
        assert!(
            got == first || got == second,
            "trial {trial}: the output mixes two builds ({} files)",
            got.len()
        );
    }
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts a tmpfs of `size` (as `mount` reads it: "1m"); `None`, with
    /// the reason, where this machine does not allow it (not root, a
    /// container without the right, no `mount`).
    fn mount(size: &str) -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Bytes free for files.
    fn free(&self) -> u64 {
        let path = std::ffi::CString::new(self.path().to_str().unwrap()).unwrap();
        let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: a NUL-terminated path and a statvfs to fill in.
        assert_eq!(unsafe { libc::statvfs(path.as_ptr(), &mut stat) }, 0);
        stat.f_bavail as u64 * stat.f_frsize as u64
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_build_on_a_full_disk_fails_cleanly_and_frees_its_staging_directory() {
    let disk = match SmallDisk::mount("1m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: cannot mount a small tmpfs here ({why})");
            return;
        }
    };
    let site = fixture("good");
    let out = disk.path().join("public");
    let mut opts = options(site.path());
    opts.output_dir = Some(out.clone());
    let report = build(&opts);
    assert!(report.succeeded, "{}", messages(&report));
    let before = files(&out);
    // Leave too little room for a second copy of the site.
    let room = 64 * 1024;
    let filler = vec![b'x'; (disk.free() - room) as usize];
    let _ = fs::write(disk.path().join("filler"), &filler);
    let free = disk.free();
    assert!(free <= room, "{free} bytes free");

    let report = build(&opts);
    assert!(!report.succeeded);
    let text = messages(&report);
    assert!(text.contains("error[write-failed]"), "{text}");
    assert!(text.contains("No space left on device"), "{text}");
    assert_eq!(files(&out), before, "the output is untouched");
    assert!(!disk.path().join(".public.attest-staging").exists());
    assert_eq!(disk.free(), free, "the failed build's files are gone");

    fs::remove_file(disk.path().join("filler")).unwrap();
    assert!(build(&opts).succeeded);
}
