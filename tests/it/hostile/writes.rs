//! Output folders: `gen` and `docs` never write through a symbolic link that leaves the folder,
//! and leave nothing behind when they refuse.

use crate::support::{TempDir, eventctl};
use std::path::Path;

const SHOP: &str = "catalog-examples/shop";

fn refused(args: &[&str], elsewhere: &Path) {
    let out = eventctl(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains("leaves the output folder"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(elsewhere).expect("folder").count(),
        0,
        "{args:?} wrote through the link"
    );
}

#[cfg(unix)]
#[test]
fn gen_and_docs_stay_inside_their_folder_through_links() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("write-links");
    let elsewhere = dir.0.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    let out = dir.0.join("gen");
    std::fs::create_dir_all(&out).expect("mkdir");
    symlink(&elsewhere, out.join("order")).expect("symlink");
    refused(&["gen", SHOP, "--out", out.to_str().unwrap()], &elsewhere);
    assert!(!out.join("process.rs").exists(), "nothing is written");
    let docs = dir.0.join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    symlink(&elsewhere, docs.join("contexts")).expect("symlink");
    refused(&["docs", SHOP, "-o", docs.to_str().unwrap()], &elsewhere);
    assert!(!docs.join("index.md").exists(), "nothing is written");
}
