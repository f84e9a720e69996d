//! Regenerating after the catalog gained a command: `gen` keeps the user's `decisions.rs`,
//! names the method it lacks (and `--check` fails on it), the crate still builds, and its
//! generated test says what to write.

use crate::generate::{cargo, generate};
use crate::support::{TempDir, eventctl, root};
use std::path::Path;
use std::process::Command;

/// The shop with one more command on `Order`: a GDPR erasure that keeps the order's state.
fn shop_with_erasure(dir: &Path) {
    let shop = root().join("catalog-examples/shop");
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::copy(
        shop.join("schemas/order_placed.v3.json"),
        dir.join("schemas/order_placed.v3.json"),
    )
    .unwrap();
    let text = std::fs::read_to_string(shop.join("catalog.yaml")).unwrap();
    let text = text
        .replace(
            "          CompleteOrder:\n",
            "          EraseCustomerData:\n            external: true\n            from: [shipped, cancelled]\n            emits: CustomerDataErased\n            schema: {type: object, required: [order_id], properties: {order_id: {type: string}}}\n          CompleteOrder:\n",
        )
        .replace(
            "          OrderCompleted:\n",
            "          CustomerDataErased:\n            versions:\n              - version: 1\n                schema: {type: object, required: [order_id], properties: {order_id: {type: string}}}\n          OrderCompleted:\n",
        );
    std::fs::write(dir.join("catalog.yaml"), text).unwrap();
}

#[test]
fn a_command_added_since_the_decisions_were_written_is_named_and_the_crate_still_builds() {
    let dir = TempDir::new("regenerate");
    let out = dir.0.join("shop");
    generate("catalog-examples/shop", &out, "shop");
    let grown = dir.0.join("catalog");
    shop_with_erasure(&grown);
    let (grown, crate_dir) = (grown.to_str().unwrap(), out.to_str().unwrap());
    let wanted = "fn erase_customer_data(&self, _aggregate: &Order, _command: EraseCustomerDataPayload) -> Result<Vec<OrderEvent>, OrderError>";
    let again = eventctl(&["gen", grown, "--out", crate_dir, "--crate", "shop"]);
    assert_eq!(again.status.code(), Some(0));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("src/order/decisions.rs has no decision for 1 command"),
        "{said}"
    );
    assert!(said.contains(wanted), "{said}");
    let check = eventctl(&[
        "gen", grown, "--out", crate_dir, "--crate", "shop", "--check",
    ]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains(wanted));
    cargo(&out, &["build", "--quiet", "--all-targets"]);
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "lifecycle"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(!test.status.success());
    let text = String::from_utf8_lossy(&test.stdout);
    assert!(
        text.contains("src/order/decisions.rs has no decision for these commands")
            && text.contains("fn erase_customer_data(&self, aggregate: &Order, command: EraseCustomerDataPayload)"),
        "{text}"
    );
}
