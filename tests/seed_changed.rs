//! A seed saved while the site is built: a text seed is read again from its
//! file when a stage needs it, and a file that no longer holds the text
//! first read fails the build with `seed-changed`, the output untouched.
//! (Its own test binary: it empties the process's cache of texts.)

mod common;

use std::fs;

use attest::build::BuildOptions;
use attest::rebuild::Session;
use common::{demo_site, files, modified};

#[test]
fn a_seed_saved_during_a_rebuild_fails_it_and_leaves_the_site_as_it_was() {
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
    let seed = root.join("seeds/003_cf46bfd772648756.txt");
    let mut bytes = fs::read(&seed).unwrap();
    bytes.extend_from_slice(b"\nA line added while the site was built.\n");
    fs::write(&seed, bytes).unwrap();
    let report = session.rebuild(&[modified(claim)]);

    assert!(!report.succeeded);
    // The seed alone, not the quotes that no longer match what was read.
    assert_eq!(
        report.diagnostics.render(false).trim_end(),
        "error[seed-changed]: seeds/003_cf46bfd772648756.txt changed while the site was built
--> seeds/003_cf46bfd772648756.txt
 = note: the build reads a seed again when it needs its text, and found it no longer as it was first read
 = note: what else the build found is not shown: it may come from the text that changed
 = help: build again once the seed is saved"
    );
    // Nothing of the rebuild was written.
    let after = files(&root.join("public"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} was written");
    }
}
