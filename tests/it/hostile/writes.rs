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

#[cfg(unix)]
#[test]
fn output_files_never_replace_devices_or_links() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TempDir::new("out-targets");
    let draw = |out: &std::path::Path| {
        eventctl(&[
            "diagram",
            "catalog-examples/shop",
            "--kind",
            "context-map",
            "-o",
            out.to_str().expect("path"),
        ])
    };
    // A character device is written in place and stays a device.
    let out = draw(std::path::Path::new("/dev/null"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let null = std::fs::symlink_metadata("/dev/null").expect("/dev/null");
    assert!(null.file_type().is_char_device());
    // A device node made in the folder (as root, with mknod) stays one too.
    let node = dir.0.join("null");
    let made = std::process::Command::new("mknod")
        .args([node.to_str().expect("path"), "c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        assert_eq!(draw(&node).status.code(), Some(0));
        let kind = std::fs::symlink_metadata(&node).expect("node").file_type();
        assert!(kind.is_char_device(), "the device node was replaced");
    } else {
        eprintln!("skipped the mknod case: it needs root");
    }
    // A symbolic link is refused; the file it points at is untouched.
    let outside = dir.write("outside.txt", "keep\n");
    let link = dir.0.join("link.mmd");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");
    let out = draw(&link);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a symbolic link"));
    assert_eq!(
        std::fs::read_to_string(&outside).expect("outside"),
        "keep\n"
    );
}

#[test]
fn temporaries_of_an_interrupted_gen_are_removed_by_the_next() {
    let dir = TempDir::new("stale-temps");
    let out = dir.0.join("gen");
    let first = eventctl(&["gen", SHOP, "--out", out.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0));
    // What a run killed between writing and renaming leaves: no process has this id.
    let stale = out.join(".mod.rs.4294967.tmp");
    std::fs::write(&stale, "half a file").expect("write");
    let again = eventctl(&["gen", SHOP, "--out", out.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(!stale.exists(), "the stale temporary is gone");
}
