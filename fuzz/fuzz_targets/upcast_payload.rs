//! Fuzzes upcasting: a catalog and a payload (split at the first NUL byte; without one, the
//! shop's catalog and the whole input as the payload). Every event's chain runs on the payload
//! from each version, checked against both schemas within the cost budget.
#![no_main]

use eventctl::check::severity::CliOverrides;
use eventctl::model::Catalog;
use eventctl::upcast::Upcaster;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

fn shop() -> &'static eventctl::Validation {
    static SHOP: OnceLock<eventctl::Validation> = OnceLock::new();
    SHOP.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog-examples/shop");
        eventctl::validate(&path, &CliOverrides::default()).expect("the shop loads")
    })
}

fn upcast_all(cat: &Catalog, payload: &Value) {
    let up = Upcaster::new();
    for event in &cat.events {
        let validators: Vec<_> = event
            .versions
            .iter()
            .map(|v| v.schema.as_ref().and_then(eventctl::model::Json::validator))
            .collect();
        for from in 0..event.versions.len() {
            let mut value = payload.clone();
            if let Some(Some(v)) = validators.get(from) {
                let _ = v.errors(&value);
            }
            for step in &event.versions[from + 1..] {
                if up.apply(&step.upcast, &mut value).is_err() {
                    break;
                }
            }
            if let Some(Some(v)) = validators.last() {
                let _ = v.errors(&value);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match data.iter().position(|&b| b == 0) {
        Some(split) => {
            let Ok(payload) = serde_json::from_slice::<Value>(&data[split + 1..]) else {
                return;
            };
            let canonical = std::env::temp_dir().join("eventctl-fuzz-root").join("fuzz.yaml");
            let loaded = eventctl::load::load_bytes(Path::new("fuzz.yaml"), &canonical, data[..split].to_vec());
            let v = eventctl::validate_loaded(loaded, &CliOverrides::default());
            if let (false, Some(cat)) = (v.has_errors(), v.catalog.as_ref()) {
                upcast_all(cat, &payload);
            }
        }
        None => {
            let Ok(payload) = serde_json::from_slice::<Value>(data) else {
                return;
            };
            upcast_all(shop().catalog.as_ref().expect("a catalog"), &payload);
        }
    }
});
