//! Compiled minijinja expressions of upcasts and projections, with fast paths for the common
//! shapes: a constant (`'shipped'`, `0`) is evaluated once, a bare field name is a lookup.

use minijinja::{Environment, Expression};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// An expression compiled once and evaluated over many payloads.
pub struct Expr<'env> {
    source: String,
    kind: Kind<'env>,
}

enum Kind<'env> {
    /// No variables: evaluated at compile time.
    Constant(Value),
    /// A bare field name.
    Field(String),
    /// Anything else, with the names it reads.
    Compiled {
        expr: Expression<'env, 'env>,
        variables: Vec<String>,
    },
}

impl<'env> Expr<'env> {
    /// Compiles `source` in `env`.
    pub fn compile(env: &'env Environment<'env>, source: &str) -> Result<Self, String> {
        let expr = env
            .compile_expression_owned(source.to_owned())
            .map_err(|e| e.to_string())?;
        let mut variables: Vec<String> = expr.undeclared_variables(false).into_iter().collect();
        variables.sort();
        let trimmed = source.trim();
        let kind = if variables.is_empty() {
            Kind::Constant(to_json(expr.eval(())).map_err(|e| format!("`{source}`: {e}"))?)
        } else if variables.len() == 1 && variables[0] == trimmed {
            Kind::Field(trimmed.to_owned())
        } else {
            Kind::Compiled { expr, variables }
        };
        Ok(Self {
            source: source.to_owned(),
            kind,
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Names the expression reads.
    pub fn variables(&self) -> Vec<String> {
        match &self.kind {
            Kind::Constant(_) => Vec::new(),
            Kind::Field(f) => vec![f.clone()],
            Kind::Compiled { variables, .. } => variables.clone(),
        }
    }

    /// Names the expression reads, with the attributes read from them: `current.amount`.
    pub fn paths(&self) -> Vec<String> {
        match &self.kind {
            Kind::Compiled { expr, .. } => {
                let mut paths: Vec<String> = expr.undeclared_variables(true).into_iter().collect();
                paths.sort();
                paths
            }
            _ => self.variables(),
        }
    }

    /// Evaluates over a payload object; an undefined name is an error.
    pub fn eval(&self, payload: &Map<String, Value>) -> Result<Value, String> {
        match &self.kind {
            Kind::Constant(v) => Ok(v.clone()),
            Kind::Field(f) => payload
                .get(f)
                .cloned()
                .ok_or_else(|| format!("undefined value: `{f}` is not in the payload")),
            Kind::Compiled { expr, variables } => {
                let context: BTreeMap<&str, &Value> = variables
                    .iter()
                    .filter_map(|name| payload.get(name).map(|v| (name.as_str(), v)))
                    .collect();
                to_json(expr.eval(minijinja::value::Serde(&context)))
            }
        }
    }
}

fn to_json(result: Result<minijinja::Value, minijinja::Error>) -> Result<Value, String> {
    let value = result.map_err(|e| e.to_string())?;
    if value.is_undefined() {
        return Err("the expression is undefined".into());
    }
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::UndefinedBehavior;
    use serde_json::json;

    fn env() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn constants_fields_and_expressions_agree_with_minijinja() {
        let env = env();
        let payload = obj(json!({"a": 2, "b": 3.5, "s": "x", "n": null}));
        for (source, want) in [
            ("'shipped'", json!("shipped")),
            ("1 + 2", json!(3)),
            ("a", json!(2)),
            (" n ", json!(null)),
            ("a * b", json!(7.0)),
            ("s ~ '-' ~ a", json!("x-2")),
        ] {
            let e = Expr::compile(&env, source).unwrap();
            assert_eq!(e.eval(&payload).unwrap(), want, "{source}");
        }
    }

    #[test]
    fn undefined_names_are_errors_on_every_path() {
        let env = env();
        let empty = Map::new();
        assert!(Expr::compile(&env, "gone").unwrap().eval(&empty).is_err());
        assert!(
            Expr::compile(&env, "gone + 1")
                .unwrap()
                .eval(&empty)
                .is_err()
        );
    }

    #[test]
    fn syntax_errors_fail_to_compile() {
        assert!(Expr::compile(&env(), "a *").is_err());
    }
}
