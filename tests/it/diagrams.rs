//! Diagrams and docs, checked by the real renderers: Graphviz `dot`, Debian's `plantuml`, and
//! mermaid-cli's `mmdc` on Chromium. Without them, the tests that need them say so in one line
//! and skip; with `EVENTCTL_RENDERERS=required` (as `.ci/run` sets, after
//! `.ci/install-renderers`) they always run, and a missing renderer fails them.

use crate::support::{TempDir, eventctl, fixture, root, validate};
use eventctl::diagram::{self, Focus, Format, Kind};
use eventctl::model::{AggregateId, Catalog, ContextId, SagaId};
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "run .ci/install-renderers (apt-get install graphviz plantuml chromium; npm install @mermaid-js/mermaid-cli with PUPPETEER_SKIP_DOWNLOAD=1)";

/// Whether the renderer tests run: always when `EVENTCTL_RENDERERS=required`, otherwise only
/// when every renderer is found; a test that skips says so, and how to run it.
fn renderers(test: &str) -> bool {
    if std::env::var("EVENTCTL_RENDERERS").is_ok_and(|v| v == "required") {
        return true;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = |name: &str, env: &str| {
        std::env::var_os(env).is_some()
            || std::env::split_paths(&path).any(|d| d.join(name).is_file())
    };
    let chromium =
        std::env::var("EVENTCTL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let all = found("dot", "EVENTCTL_DOT")
        && found("plantuml", "EVENTCTL_PLANTUML")
        && found("mmdc", "EVENTCTL_MMDC")
        && Path::new(&chromium).exists();
    if !all {
        // Written to the process's stderr, past the test harness's capture, so it is seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: it needs Graphviz, PlantUML and mermaid-cli; {INSTALL}, then set EVENTCTL_RENDERERS=required"
        );
    }
    all
}

fn tool(name: &str, env: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not on the PATH (or in ${env}); {INSTALL}"))
}

/// Runs mmdc on a Markdown file of Mermaid blocks; panics with its output when one fails.
fn mermaid_cli(dir: &Path, markdown: &str) {
    let input = dir.join("mermaid.md");
    std::fs::write(&input, markdown).unwrap();
    let chromium =
        std::env::var("EVENTCTL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {chromium}; {INSTALL}"
    );
    let config = dir.join("puppeteer.json");
    std::fs::write(
        &config,
        serde_json::json!({"executablePath": chromium, "args": ["--no-sandbox", "--disable-gpu"]})
            .to_string(),
    )
    .unwrap();
    let out = Command::new(tool("mmdc", "EVENTCTL_MMDC"))
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("mermaid-out.md"))
        .output()
        .expect("mmdc runs");
    assert!(
        out.status.success(),
        "mmdc rejected a diagram:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn graphviz(files: &[PathBuf]) {
    let dot = tool("dot", "EVENTCTL_DOT");
    for f in files {
        let out = Command::new(&dot)
            .arg("-Tsvg")
            .arg(f)
            .output()
            .expect("dot runs");
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "dot warned on {}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn plantuml(dir: &Path, files: &[PathBuf]) {
    let out = Command::new(tool("plantuml", "EVENTCTL_PLANTUML"))
        .arg("-tsvg")
        .arg("-o")
        .arg(dir.join("puml-out"))
        .args(files)
        .output()
        .expect("plantuml runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "plantuml: {stderr}"
    );
    for f in files {
        let svg = dir
            .join("puml-out")
            .join(f.file_stem().unwrap())
            .with_extension("svg");
        let text =
            std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{}: {e}", svg.display()));
        assert!(
            !text.contains("Syntax Error"),
            "plantuml: syntax error in {}",
            f.display()
        );
    }
}

/// Every diagram of a catalog: each kind, for the whole catalog and for each context, saga and
/// aggregate.
fn all_diagrams(cat: &Catalog) -> Vec<(String, Kind, Focus)> {
    let mut out = vec![
        (
            "context-map".to_string(),
            Kind::ContextMap,
            Focus::default(),
        ),
        ("flow".to_string(), Kind::Flow, Focus::default()),
    ];
    for c in 0..cat.contexts.len() {
        let focus = Focus {
            context: Some(ContextId::new(c)),
            ..Focus::default()
        };
        out.push((format!("context-map-{c}"), Kind::ContextMap, focus));
        out.push((format!("flow-{c}"), Kind::Flow, focus));
    }
    for s in 0..cat.sagas.len() {
        out.push((
            format!("saga-{s}"),
            Kind::Saga,
            Focus {
                saga: Some(SagaId::new(s)),
                ..Focus::default()
            },
        ));
    }
    for a in 0..cat.aggregates.len() {
        out.push((
            format!("lifecycle-{a}"),
            Kind::Lifecycle,
            Focus {
                aggregate: Some(AggregateId::new(a)),
                ..Focus::default()
            },
        ));
    }
    out
}

#[test]
fn every_kind_in_every_format_renders_for_every_example_and_the_hostile_fixture() {
    if !renderers("every_kind_in_every_format_renders") {
        return;
    }
    let dir = TempDir::new("diagrams-render");
    let mut dots = Vec::new();
    let mut pumls = Vec::new();
    let mut markdown = String::from("# diagrams\n");
    for (name, path) in [
        ("shop", root().join("catalog-examples/shop")),
        ("travel", root().join("catalog-examples/travel")),
        ("hostile", fixture("diagrams/hostile")),
    ] {
        let v = validate(&path);
        assert!(!v.has_errors(), "{name}: {}", crate::support::human(&v));
        let cat = v.catalog.as_ref().unwrap();
        for (label, kind, focus) in all_diagrams(cat) {
            let file = format!("{name}-{label}");
            let dot = diagram::render(cat, kind, Format::Dot, focus).unwrap();
            dots.push(dir.write(&format!("{file}.dot"), dot));
            let puml = diagram::render(cat, kind, Format::PlantUml, focus).unwrap();
            pumls.push(dir.write(&format!("{file}.puml"), puml));
            let mermaid = diagram::render(cat, kind, Format::Mermaid, focus).unwrap();
            markdown.push_str(&format!("\n## {file}\n\n```mermaid\n{mermaid}```\n"));
        }
    }
    assert!(dots.len() > 35, "{} diagrams", dots.len());
    graphviz(&dots);
    plantuml(&dir.0, &pumls);
    mermaid_cli(&dir.0, &markdown);
}

#[test]
fn shop_diagrams_are_stable() {
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let order = Focus {
        aggregate: Some(AggregateId::new(0)),
        ..Focus::default()
    };
    let payment = Focus {
        context: Some(ContextId::new(2)),
        ..Focus::default()
    };
    insta::assert_snapshot!(
        "diagram-shop-lifecycle-mermaid",
        diagram::render(cat, Kind::Lifecycle, Format::Mermaid, order).unwrap()
    );
    insta::assert_snapshot!(
        "diagram-shop-context-map-dot",
        diagram::render(cat, Kind::ContextMap, Format::Dot, Focus::default()).unwrap()
    );
    insta::assert_snapshot!(
        "diagram-shop-saga-plantuml",
        diagram::render(cat, Kind::Saga, Format::PlantUml, Focus::default()).unwrap()
    );
    insta::assert_snapshot!(
        "diagram-shop-flow-payment-mermaid",
        diagram::render(cat, Kind::Flow, Format::Mermaid, payment).unwrap()
    );
    for format in [Format::Mermaid, Format::Dot, Format::PlantUml] {
        let a = diagram::render(cat, Kind::Flow, format, Focus::default()).unwrap();
        let b = diagram::render(cat, Kind::Flow, format, Focus::default()).unwrap();
        assert_eq!(a, b, "deterministic");
    }
}

#[test]
fn a_big_flow_collapses_to_contexts() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_eventctl"));
    let generator = bin
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("gen_catalog{}", std::env::consts::EXE_SUFFIX));
    let dir = TempDir::new("diagrams-big");
    let out = Command::new(generator)
        .args(["--events", "400", "--out"])
        .arg(&dir.0)
        .output()
        .expect("gen_catalog runs");
    assert!(out.status.success());
    let v = validate(&dir.0);
    let cat = v.catalog.as_ref().unwrap();
    let whole = diagram::render(cat, Kind::Flow, Format::Dot, Focus::default()).unwrap();
    assert!(whole.contains("flow between contexts"), "{}", &whole[..200]);
    assert_eq!(whole.matches("shape=box").count(), cat.contexts.len());
    let one = diagram::render(
        cat,
        Kind::Flow,
        Format::Dot,
        Focus {
            context: Some(ContextId::new(0)),
            ..Focus::default()
        },
    )
    .unwrap();
    assert!(one.contains("flow of"));
    let nodes = one.matches("shape=box").count();
    assert!(
        nodes > 0 && nodes < cat.commands.len() + cat.events.len(),
        "{nodes} nodes"
    );
}

fn links(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

fn anchors(page: &str) -> Vec<String> {
    page.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| eventctl::docs::markdown::anchor(l.trim_start_matches('#').trim()))
        .collect()
}

#[test]
fn docs_link_up_and_their_diagrams_render() {
    if !renderers("docs_link_up_and_their_diagrams_render") {
        return;
    }
    let dir = TempDir::new("docs-shop");
    let out = eventctl(&[
        "docs",
        "catalog-examples/shop",
        "-o",
        dir.0.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = Vec::new();
    for rel in [
        "index.md",
        "contexts/Order.md",
        "contexts/Inventory.md",
        "contexts/Payment.md",
        "contexts/Shipping.md",
        "sagas/OrderFulfillment.md",
    ] {
        let path = dir.0.join(rel);
        pages.push((
            path.clone(),
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")),
        ));
    }
    let mut mermaid = String::from("# docs\n");
    let mut checked = 0;
    for (path, text) in &pages {
        for link in links(text) {
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = path.parent().unwrap().join(file);
            let target_text = std::fs::read_to_string(&target)
                .unwrap_or_else(|_| panic!("{}: broken link {link}", path.display()));
            if !anchor.is_empty() {
                assert!(
                    anchors(&target_text).contains(&anchor.to_string()),
                    "{}: no heading for {link}",
                    path.display()
                );
            }
            checked += 1;
        }
        for block in text.split("```mermaid\n").skip(1) {
            let body = block.split("```").next().unwrap();
            mermaid.push_str(&format!("\n```mermaid\n{body}```\n"));
        }
    }
    assert!(checked > 40, "{checked} links");
    assert!(
        pages[1]
            .1
            .contains("| `items[].quantity` | integer | yes | ≥ 1 |"),
        "{}",
        pages[1].1
    );
    assert!(pages[1].1.contains("- set `order_items` = `items`"));
    mermaid_cli(&dir.0, &mermaid);
}

#[test]
fn docs_never_overwrite_a_users_file() {
    let dir = TempDir::new("docs-safety");
    let out_dir = dir.0.to_str().unwrap();
    assert_eq!(
        eventctl(&["docs", "catalog-examples/shop", "-o", out_dir])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        eventctl(&["docs", "catalog-examples/shop", "-o", out_dir])
            .status
            .code(),
        Some(0),
        "its own files are rewritten"
    );
    dir.write("contexts/Order.md", "my notes");
    let out = eventctl(&["docs", "catalog-examples/shop", "-o", out_dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by eventctl"));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("contexts/Order.md")).unwrap(),
        "my notes"
    );
    assert_eq!(
        eventctl(&["docs", "catalog-examples/shop", "-o", out_dir, "--force"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn diagram_usage_errors_say_what_to_do() {
    for (args, says) in [
        (
            vec!["diagram", "catalog-examples/shop", "--kind", "lifecycle"],
            "name one with --aggregate",
        ),
        (
            vec![
                "diagram",
                "catalog-examples/shop",
                "--kind",
                "flow",
                "--context",
                "Shiping",
            ],
            "did you mean `Shipping`",
        ),
        (
            vec![
                "diagram",
                "catalog-examples/shop",
                "--kind",
                "saga",
                "--format",
                "png",
            ],
            "give -o FILE.png",
        ),
        (
            vec!["diagram", "catalog-examples/shop", "--kind", "cloud"],
            "invalid value 'cloud'",
        ),
    ] {
        let out = eventctl(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    if !renderers("an SVG drawn by dot") {
        return;
    }
    let out = eventctl(&[
        "diagram",
        "catalog-examples/shop",
        "--kind",
        "lifecycle",
        "--aggregate",
        "Stock",
        "--format",
        "svg",
        "--renderer",
        "graphviz",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("<svg"),
        "an SVG from dot"
    );
}

/// An orchestration's commands link the context of its start event to each context it sends
/// to, as triggers do: the travel map connects `Trip` to the three booking contexts.
#[test]
fn the_context_map_shows_orchestrations() {
    let out = eventctl(&[
        "diagram",
        "catalog-examples/travel",
        "--kind",
        "context-map",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for edge in [
        r#"a3 -->|"BookTrip#58; RentCar, CancelCarRental"| a0"#,
        r#"a3 -->|"BookTrip#58; BookFlight, CancelFlight"| a1"#,
        r#"a3 -->|"BookTrip#58; BookRoom, CancelRoom"| a2"#,
    ] {
        assert!(text.contains(edge), "missing {edge} in\n{text}");
    }
}
