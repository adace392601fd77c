//! Embeds two sites in the binary for `attest init`: the starter site
//! (src/init/starter/) and the demo site of this repository (config.toml,
//! content/, seeds/, static/), as lists of (path, bytes) generated here so
//! that a file added to either is embedded without a hand-kept list.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut out = String::new();
    let demo = ["config.toml", "content", "seeds", "static"];
    embed(&mut out, "DEMO", &root, &demo);
    embed(&mut out, "STARTER", &root.join("src/init/starter"), &["."]);
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("sites.rs");
    fs::write(dest, out).expect("write sites.rs");
    for p in demo {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rerun-if-changed=src/init/starter");
}

/// `pub static NAME: &[(&str, &[u8])]`: every file under `base`'s `entries`,
/// hidden files left out, sorted by path (relative, `/` separators).
fn embed(out: &mut String, name: &str, base: &Path, entries: &[&str]) {
    let mut files = Vec::new();
    for e in entries {
        walk(base, &base.join(e), &mut files);
    }
    files.sort();
    writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for (rel, abs) in files {
        writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn walk(base: &Path, path: &Path, files: &mut Vec<(String, String)>) {
    let Ok(meta) = fs::metadata(path) else { return };
    if meta.is_file() {
        let rel = path.strip_prefix(base).expect("under base");
        let rel: Vec<String> = rel
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push((rel.join("/"), path.to_string_lossy().into_owned()));
    } else if meta.is_dir() {
        let mut entries: Vec<_> = fs::read_dir(path)
            .expect("read dir")
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            walk(base, &e.path(), files);
        }
    }
}
