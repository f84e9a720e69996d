//! Renders the templates: the embedded defaults, each overridable by a file of the same name in
//! `--templates DIR`.

use minijinja::{Environment, UndefinedBehavior, value::Serde};
use std::path::Path;

/// The embedded templates: name and text.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "Cargo.toml.jinja",
        include_str!("../../templates/gen/Cargo.toml.jinja"),
    ),
    (
        "lib.rs.jinja",
        include_str!("../../templates/gen/lib.rs.jinja"),
    ),
    (
        "context.rs.jinja",
        include_str!("../../templates/gen/context.rs.jinja"),
    ),
    (
        "decisions.rs.jinja",
        include_str!("../../templates/gen/decisions.rs.jinja"),
    ),
    (
        "upcast.rs.jinja",
        include_str!("../../templates/gen/upcast.rs.jinja"),
    ),
    (
        "lifecycle.rs.jinja",
        include_str!("../../templates/gen/lifecycle.rs.jinja"),
    ),
    (
        "payload.rs.jinja",
        include_str!("../../templates/gen/payload.rs.jinja"),
    ),
    (
        "saga.rs.jinja",
        include_str!("../../templates/gen/saga.rs.jinja"),
    ),
    (
        "saga_run.rs.jinja",
        include_str!("../../templates/gen/saga_run.rs.jinja"),
    ),
    (
        "world.rs.jinja",
        include_str!("../../templates/gen/world.rs.jinja"),
    ),
    (
        "sagas_tests.rs.jinja",
        include_str!("../../templates/gen/sagas_tests.rs.jinja"),
    ),
    (
        "specs.rs.jinja",
        include_str!("../../templates/gen/specs.rs.jinja"),
    ),
    (
        "state.rs.jinja",
        include_str!("../../templates/gen/state.rs.jinja"),
    ),
    (
        "process.rs.jinja",
        include_str!("../../templates/gen/process.rs.jinja"),
    ),
    (
        "cqrs.rs.jinja",
        include_str!("../../templates/gen/cqrs.rs.jinja"),
    ),
    (
        "cqrs_tests.rs.jinja",
        include_str!("../../templates/gen/cqrs_tests.rs.jinja"),
    ),
];

/// Instructions one template render may run, beyond [`FUEL_PER_ITEM`] per catalog item: the
/// largest built-in template runs far fewer, and a loop nested over a loop stops here.
pub const FUEL: u64 = 50_000_000;
/// Instructions allowed per item of the catalog (context, aggregate, command, event, version,
/// saga, projection), so that a large catalog's `upcast.rs` renders in full.
pub const FUEL_PER_ITEM: u64 = 20_000;
/// The most one template may write.
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// A template environment: strict about undefined names, no auto-escaping (it writes Rust),
/// and bounded: `items` catalog items set its fuel (see [`FUEL`]).
pub fn environment(overrides: Option<&Path>, items: u64) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_fuel(Some(
        FUEL.saturating_add(items.saturating_mul(FUEL_PER_ITEM)),
    ));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    for (name, text) in TEMPLATES {
        let source = match overrides.map(|d| d.join(name)).filter(|p| p.is_file()) {
            Some(path) => std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))?,
            None => (*text).to_string(),
        };
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| describe(name, overrides, &e))?;
    }
    Ok(env)
}

/// A template error with the file and line that caused it.
pub fn describe(name: &str, overrides: Option<&Path>, e: &minijinja::Error) -> String {
    let file = template_file(name, overrides);
    let line = e.line().map_or(String::new(), |l| format!(":{l}"));
    let mut message = format!("{file}{line}: {}", e.kind());
    if let Some(detail) = e.detail() {
        message.push_str(&format!(": {detail}"));
    }
    message
}

/// Where a template comes from: the user's override, or the built-in one.
fn template_file(name: &str, overrides: Option<&Path>) -> String {
    match overrides.map(|d| d.join(name)).filter(|p| p.is_file()) {
        Some(p) => p.display().to_string(),
        None => format!("templates/gen/{name} (built in)"),
    }
}

/// Renders one template with the given context values.
pub fn render(
    env: &Environment<'_>,
    name: &str,
    overrides: Option<&Path>,
    ctx: impl serde::Serialize,
) -> Result<String, String> {
    let template = env
        .get_template(name)
        .map_err(|e| describe(name, overrides, &e))?;
    let mut out = Capped::default();
    match template.render_captured_to(Serde(ctx), &mut out) {
        Ok(_) => String::from_utf8(out.bytes).map_err(|e| e.to_string()),
        Err(_) if out.over => Err(format!(
            "{}: the template wrote more than {} MiB",
            template_file(name, overrides),
            MAX_OUTPUT_BYTES >> 20
        )),
        Err(e) => Err(describe(name, overrides, &e)),
    }
}

/// Collects a template's output, failing past [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.over = true;
            return Err(std::io::Error::other("output too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
