//! Fuzzes replay: any bytes as an event log, through every check, the upcasts, payload
//! validation and the shop's OrderView projection.
#![no_main]

use eventctl::check::severity::CliOverrides;
use eventctl::upcast::Upcaster;
use eventctl::model::ProjectionId;
use eventctl::replay::{Options, Replay};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn shop() -> &'static eventctl::Validation {
    static SHOP: OnceLock<eventctl::Validation> = OnceLock::new();
    SHOP.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog-examples/shop");
        eventctl::validate(&path, &CliOverrides::default()).expect("the shop loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let cat = shop().catalog.as_ref().expect("a catalog");
    let up = Upcaster::new();
    let options = Options {
        validate_payloads: true,
        projections: vec![ProjectionId::new(0)],
        fail_fast: false,
    };
    let mut replay = Replay::new(cat, &up, options).expect("the plan compiles");
    replay.read(data).expect("reading from memory cannot fail");
    let (summary, rows) = replay.finish();
    assert!(summary.findings.iter().all(|f| f.line >= 1 && f.line <= summary.lines));
    let mut out = Vec::new();
    for r in &rows {
        r.write(&mut out).expect("writing to memory cannot fail");
    }
});
