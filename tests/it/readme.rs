//! The README's tour runs as written: every command of its `sh` blocks, run by bash from a copy
//! of the examples and fixtures, with `eventctl` on the PATH. A command marked `# needs: …` is skipped
//! with a line saying so; every other one must exit 0 or 1 (findings), never 2.

use crate::support::{TempDir, root};
use std::path::Path;
use std::process::Command;

/// The commands of the `sh` blocks between the tour's heading and the next top-level section,
/// continuation lines joined.
fn tour() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## A short tour").expect("the tour");
    let end = start
        + readme[start..]
            .find("\n## The catalog format")
            .expect("its end");
    let mut commands = Vec::new();
    let mut inside = false;
    let mut pending = String::new();
    for line in readme[start..end].lines() {
        match (inside, line.trim_end()) {
            (false, "```sh") => inside = true,
            (true, "```") => inside = false,
            (true, text) => {
                pending.push_str(text.strip_suffix('\\').unwrap_or(text));
                if !text.ends_with('\\') {
                    commands.push(std::mem::take(&mut pending));
                }
            }
            _ => {}
        }
    }
    commands
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=eventctl",
            "-c",
            "user.email=eventctl@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_tour_runs_as_written() {
    // The tour is written for bash (`source <(…)`); it is called by its path, so that a PATH
    // without it (the README's test command on a bare machine) still finds it.
    let bash = Path::new("/bin/bash");
    if !bash.exists() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped the README's tour: it needs /bin/bash"
        );
        return;
    }
    let commands = tour();
    assert!(commands.len() > 20, "{commands:?}");
    let dir = TempDir::new("readme-tour");
    let repo = dir.0.join("repo");
    for part in ["catalog-examples", "tests/fixtures"] {
        copy(&root().join(part), &repo.join(part));
    }
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "the examples"]);
    let home = dir.0.join("home");
    std::fs::create_dir_all(home.join(".local/share/bash-completion/completions")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_eventctl"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut ran = 0;
    for command in &commands {
        if let Some((_, need)) = command.split_once("# needs: ") {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped README command (needs {need}): {command}"
            );
            continue;
        }
        let out = Command::new(bash)
            .arg("-c")
            .arg(command)
            .current_dir(&repo)
            .env("PATH", &path)
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .output()
            .expect("bash runs");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "`{command}` exited {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= commands.len() - 7, "ran {ran} of {}", commands.len());
    assert!(
        repo.join("my-catalog/catalog.yaml").is_file(),
        "init wrote the starter"
    );
}
