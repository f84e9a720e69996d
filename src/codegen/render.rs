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

/// A template environment: strict about undefined names, no auto-escaping (it writes Rust).
pub fn environment(overrides: Option<&Path>) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
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
    let file = match overrides.map(|d| d.join(name)).filter(|p| p.is_file()) {
        Some(p) => p.display().to_string(),
        None => format!("templates/gen/{name} (built in)"),
    };
    let line = e.line().map_or(String::new(), |l| format!(":{l}"));
    let mut message = format!("{file}{line}: {}", e.kind());
    if let Some(detail) = e.detail() {
        message.push_str(&format!(": {detail}"));
    }
    message
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
    template
        .render(Serde(ctx))
        .map_err(|e| describe(name, overrides, &e))
}
