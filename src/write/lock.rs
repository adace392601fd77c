//! The output lock: one build at a time writes an output directory.
//!
//! Two builds into one output would share its staging directory and swap
//! half-written sites in. Each build (and `attest serve` while it rebuilds)
//! holds an advisory lock on a hidden file beside the output
//! (`public` -> `.public.attest-lock`) from before it opens the staging
//! directory until after the swap. The lock belongs to the open file, so
//! the system drops it when the process ends, however it ends: a killed
//! build never leaves a stale lock behind. The holder writes its process id
//! into the file, so that a build that has to wait can say whom for.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// What to do when another process holds the lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Wait {
    /// Wait until it is released (after telling the user).
    #[default]
    Block,
    /// Fail at once (`--no-wait`).
    NoWait,
}

/// The lock of one output directory, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    /// The open lock file; closing it releases the lock.
    _file: Option<File>,
}

/// The lock file of the output directory `out`: a hidden file beside it.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.attest-lock"))
}

impl OutputLock {
    /// Takes the lock of the output directory `out` (an absolute path).
    /// If another process holds it, `on_wait` is told who (its process id,
    /// if it wrote one) before waiting; with [`Wait::NoWait`] the error
    /// names the holder instead.
    pub fn acquire(
        out: &Path,
        wait: Wait,
        on_wait: &dyn Fn(Option<u32>),
    ) -> Result<OutputLock, Diagnostic> {
        let path = lock_path(out);
        let failed = |e: io::Error| {
            Diagnostic::error(
                "write-failed",
                format!("cannot lock {}: {e}", path.display()),
            )
            .help("check the permissions of the folder that holds the output directory")
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        // Never truncated on open: the file holds the current holder's id.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = holder_of(&mut file);
                if wait == Wait::NoWait {
                    return Err(locked(out, holder));
                }
                on_wait(holder);
                file.lock().map_err(failed)?;
            }
            // A file system without locks (some network drives): build unlocked, as before.
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                return Ok(OutputLock { _file: None });
            }
            Err(TryLockError::Error(e)) => return Err(failed(e)),
        }
        // Best effort: the id only makes the message of a waiting build better.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        Ok(OutputLock { _file: Some(file) })
    }
}

/// The process id the holder wrote into the lock file, if any.
fn holder_of(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    Read::take(&mut *file, 32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Who holds the lock, in words: "process 1234" or "another process".
pub fn describe_holder(holder: Option<u32>) -> String {
    match holder {
        Some(pid) => format!("process {pid}"),
        None => "another process".to_string(),
    }
}

fn locked(out: &Path, holder: Option<u32>) -> Diagnostic {
    Diagnostic::error(
        "output-locked",
        format!(
            "{} is being written by another build ({})",
            out.display(),
            describe_holder(holder)
        ),
    )
    .note("two builds into one output directory at once would mix their files; one waits for the other")
    .help("run the build again when the other one has finished, leave out --no-wait to wait for it, or pass another --output-dir")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_holder_fails_at_once_or_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = OutputLock::acquire(&out, Wait::Block, &|_| panic!("free")).unwrap();
        assert!(lock_path(&out).is_file());
        assert!(!out.exists(), "the lock sits beside the output, not in it");
        let me = std::process::id();
        let refused = OutputLock::acquire(&out, Wait::NoWait, &|_| {}).unwrap_err();
        assert_eq!(refused.code, "output-locked");
        assert!(
            refused.message.contains(&format!("process {me}")),
            "{}",
            refused.message
        );

        let (told, heard) = mpsc::channel();
        let done = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (out, done) = (out.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let lock = OutputLock::acquire(&out, Wait::Block, &|h| told.send(h).unwrap());
                done.store(true, Ordering::SeqCst);
                lock.unwrap()
            })
        };
        let holder = heard.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(holder, Some(me));
        std::thread::sleep(Duration::from_millis(100));
        assert!(
            !done.load(Ordering::SeqCst),
            "it waits while the lock is held"
        );
        drop(first);
        let second = waiter.join().unwrap();
        assert!(done.load(Ordering::SeqCst));
        drop(second);
        OutputLock::acquire(&out, Wait::NoWait, &|_| {}).unwrap();
    }
}
