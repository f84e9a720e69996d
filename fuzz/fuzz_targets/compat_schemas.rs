//! Fuzzes the compatibility engine and the cost analysis: any two JSON values (split at the
//! first NUL byte) as the old and new schema, in every mode and profile.
#![no_main]

use eventctl::compat::{Mode, Profile, check};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (a, b) = data.split_at(split);
    let b = b.get(1..).unwrap_or_default();
    let (Ok(old), Ok(new)) = (serde_json::from_slice::<Value>(a), serde_json::from_slice::<Value>(b)) else {
        return;
    };
    for schema in [&old, &new] {
        let cost = eventctl::cost::amplification(schema);
        assert!(cost.factor >= 1);
    }
    for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
        for profile in [Profile::Strict, Profile::Lenient] {
            let _ = check(&old, &new, mode, profile);
        }
    }
});
