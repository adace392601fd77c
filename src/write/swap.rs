//! Swapping two directories (or files) in one step.
//!
//! On Linux, `renameat2` with `RENAME_EXCHANGE` exchanges two paths
//! atomically: a reader of the output path sees the whole old site or the
//! whole new one, never nothing. It is chosen over a symbolic link flipped
//! atomically because the output stays a plain directory, as users and
//! static hosts expect (a link would be copied, uploaded or served as a
//! link). Where the exchange does not exist (other systems, or a file
//! system that refuses it), [`exchange`] says so and the caller falls back
//! to two renames, with a moment between them in which the path is missing.

use std::io;
use std::path::Path;

/// Whether [`exchange`] swapped the paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exchanged {
    Yes,
    /// The system or the file system cannot exchange paths; nothing changed.
    Unsupported,
}

/// Exchanges `a` and `b`, both of which must exist, in one step.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<Exchanged> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path with a NUL byte"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(Exchanged::Yes);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // No such system call (old kernels), or a file system without the flag.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(Exchanged::Unsupported),
        _ => Err(e),
    }
}

/// Exchanges `a` and `b` in one step: not available on this system.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<Exchanged> {
    Ok(Exchanged::Unsupported)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn exchanges_two_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "in a").unwrap();
        fs::write(b.join("f"), "in b").unwrap();
        assert_eq!(exchange(&a, &b).unwrap(), Exchanged::Yes);
        assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "in b");
        assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "in a");
        assert!(exchange(&a, &tmp.path().join("missing")).is_err());
    }
}
