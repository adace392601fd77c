//! A seed saved while the site is built: a text seed is read again from its
//! file when a stage needs it, and a file that no longer holds the text
//! first read fails the build with `seed-changed`, the output untouched.
//! (Its own test binary: it empties the process's cache of texts.) The
//! full build's stages and a rebuild's are tested apart.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Mutex;

use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::rebuild::Session;
use common::{assert_same_files, demo_site, files, modified};

/// The cache of texts is the process's: one test at a time empties it.
static CACHE_OF_TEXTS: Mutex<()> = Mutex::new(());

const SEED: &str = "seeds/003_cf46bfd772648756.txt";

const SEED_CHANGED: &str = "error[seed-changed]: seeds/003_cf46bfd772648756.txt changed while the site was built
--> seeds/003_cf46bfd772648756.txt
 = note: the build reads a seed again when it needs its text, and found it no longer as it was first read
 = note: what else the build found is not shown: it may come from the text that changed
 = help: build again once the seed is saved";

/// Saves the seed with a line more, as an editor would mid-build.
fn save_seed_with_a_line_more(root: &Path) {
    let seed = root.join(SEED);
    let mut bytes = fs::read(&seed).unwrap();
    bytes.extend_from_slice(b"\nA line added while the site was built.\n");
    fs::write(&seed, bytes).unwrap();
}

#[test]
fn a_seed_saved_during_a_full_build_stops_it_before_rendering() {
    let _one_at_a_time = CACHE_OF_TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    let dir = demo_site();
    let root = dir.path();
    let mut diags = Diagnostics::new();
    // The stages a full build runs before rendering; the seed is saved
    // once loaded, and its text is no longer kept: ingesting reads it again.
    let (source, site) = model_stages(&BuildOptions::new(root), &mut diags, &mut |stage| {
        if stage == "load" {
            attest::load::keep_no_texts();
            save_seed_with_a_line_more(root);
        }
    });
    assert!(source.is_some(), "the site was loaded");
    assert!(
        site.is_none(),
        "nothing is rendered from a seed that changed"
    );
    assert_eq!(diags.render(false).trim_end(), SEED_CHANGED);
}

#[test]
fn a_seed_saved_during_a_rebuild_fails_it_and_leaves_the_site_as_it_was() {
    let _one_at_a_time = CACHE_OF_TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    let dir = demo_site();
    let root = dir.path();
    let mut session = Session::new(BuildOptions::new(root));
    assert!(session.rebuild(&[]).succeeded);
    let before = files(&root.join("public"));

    // As on a site bigger than the cache of texts: each is read again.
    attest::load::keep_no_texts();
    // The claim is saved, and the seed its first evidence cites is saved
    // too, after the rebuild's snapshot of the changes: the rebuild reads
    // it again and finds it no longer the text it was built from.
    let claim = "content/claims/casualties-3000-killed-wounded.md";
    let text = fs::read_to_string(root.join(claim)).unwrap();
    fs::write(
        root.join(claim),
        text.replacen("title = \"", "title = \"Edited: ", 1),
    )
    .unwrap();
    save_seed_with_a_line_more(root);
    let report = session.rebuild(&[modified(claim)]);

    assert!(!report.succeeded);
    // The seed alone, not the quotes that no longer match what was read.
    assert_eq!(report.diagnostics.render(false).trim_end(), SEED_CHANGED);
    // Nothing of the rebuild was written.
    let after = files(&root.join("public"));
    assert_same_files(&before, &after, "was written");
}
