//! Fuzzes load → resolve → check → every report format on one root file held in memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let shown = Path::new("fuzz.yaml");
    let canonical = std::env::temp_dir().join("eventctl-fuzz-root").join("fuzz.yaml");
    let loaded = eventctl::load::load_bytes(shown, &canonical, data.to_vec());
    let v = eventctl::validate_loaded(loaded, &Default::default());
    for d in &v.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let text = &v.sources.get(label.span.file).text;
            assert!(label.span.start <= label.span.end && label.span.end <= text.len());
        }
    }
    let _ = eventctl::report::human(&v.diagnostics, &v.sources, true);
    let _ = eventctl::report::json(&v.diagnostics, &v.sources);
    let _ = eventctl::report::github(&v.diagnostics, &v.sources);
    let _ = eventctl::report::sarif(&v.diagnostics, &v.sources);
});
