//! Times the inputs of a hostile pull request at growing sizes, to show each stays linear:
//! an aggregate with 100,000 states (validate, human and JSON reports), `compat` on a
//! 200,000-value enum and on 100,000 properties, and a schema whose `anyOf` chain would check
//! one value 2^40 times. `cargo run --release --example bench_hostile`

use eventctl::check::severity::CliOverrides;
use eventctl::compat::{Mode, Profile, check};
use eventctl::report::{Format, render};
use serde_json::{Value, json};
use std::time::Instant;

fn states(n: usize) -> String {
    let list: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    format!(
        "eventctl: 1\nname: states\ncontexts:\n  Shop:\n    aggregates:\n      Cart:\n        id: cart_id\n        states: [{}]\n        initial: s0\n        final: [s1]\n        commands:\n          CloseCart:\n            external: true\n            from: [s0]\n            emits: CartClosed\n            schema: {{type: object}}\n        events:\n          CartClosed:\n            to: s1\n            versions: [{{version: 1, schema: {{type: object}}}}]\n",
        list.join(", ")
    )
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

fn main() {
    let dir = std::env::temp_dir().join(format!("eventctl-bench-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    println!("| input | size | time | per element vs the smallest |");
    println!("|---|---|---|---|");
    let mut base = [None, None];
    for n in [10_000, 40_000, 100_000] {
        let path = dir.join(format!("states-{n}.yaml"));
        std::fs::write(&path, states(n)).expect("write");
        let (v, load) =
            timed(|| eventctl::validate(&path, &CliOverrides::default()).expect("loads"));
        for (k, format) in [Format::Human, Format::Json].into_iter().enumerate() {
            let (text, t) = timed(|| render(format, &v.diagnostics, &v.sources));
            let total = load + t;
            let per = total / n as f64;
            let ratio = per / *base[k].get_or_insert(per);
            println!(
                "| states, validate ({format:?}, {} bytes) | {n} | {total:.2} s | {ratio:.2}× |",
                text.len()
            );
        }
    }
    let mut base = None;
    for n in [5_000, 20_000, 200_000] {
        let old =
            json!({"type": "string", "enum": (0..n).map(|i| format!("v{i}")).collect::<Vec<_>>()});
        let new = json!({"type": "string", "enum": (0..n - 1).map(|i| format!("v{i}")).collect::<Vec<_>>()});
        let (_, t) = timed(|| check(&old, &new, Mode::Full, Profile::Strict));
        let per = t / n as f64;
        let ratio = per / *base.get_or_insert(per);
        println!("| enum values, compat full | {n} | {t:.2} s | {ratio:.2}× |");
    }
    let mut base = None;
    for n in [5_000, 20_000, 100_000] {
        let props: serde_json::Map<String, Value> = (0..n)
            .map(|i| (format!("p{i}"), json!({"type": "string"})))
            .collect();
        let old = json!({"type": "object", "properties": props});
        let mut new = old.clone();
        new["required"] = json!(["p0"]);
        let (_, t) = timed(|| check(&old, &new, Mode::Full, Profile::Strict));
        let per = t / n as f64;
        let ratio = per / *base.get_or_insert(per);
        println!("| properties, compat full | {n} | {t:.2} s | {ratio:.2}× |");
    }
    for depth in [22, 40, 10_000] {
        let mut defs = serde_json::Map::new();
        for i in 0..depth {
            let next = json!({"$ref": format!("#/$defs/d{}", i + 1)});
            defs.insert(format!("d{i}"), json!({"anyOf": [next.clone(), next]}));
        }
        defs.insert(format!("d{depth}"), json!({"type": "integer"}));
        let schema = json!({"properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs});
        let (a, t) = timed(|| eventctl::cost::amplification(&schema));
        println!(
            "| anyOf chain, amplification found (too complex: {}) | {depth} deep | {:.4} s | |",
            a.too_complex(),
            t
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
