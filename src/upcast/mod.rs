//! The upcast interpreter: applies a version's operations to a payload of the previous version.
//! `validate` proves upcasts with it, and `eventctl upcast` runs it on stored payloads.

pub mod expression;
pub mod state;

use crate::model::UpcastOp;
use expression::Expr;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::{Map, Value};

/// Most evaluation steps one `set` expression may take.
const FUEL: u64 = 10_000;

/// Why an operation could not be applied.
#[derive(Debug, Clone, PartialEq)]
pub struct UpcastError {
    /// Path of the operation: indexes into the op list, through `each`.
    pub op: Vec<usize>,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for UpcastError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at: Vec<String> = self.op.iter().map(|i| (i + 1).to_string()).collect();
        write!(f, "operation {}: {}", at.join("."), self.message)
    }
}

/// Compiles and evaluates upcast expressions.
pub struct Upcaster {
    env: Environment<'static>,
}

impl Default for Upcaster {
    fn default() -> Self {
        Self::new()
    }
}

/// An upcast operation with its expressions compiled, ready to run over many payloads.
pub enum CompiledOp<'env> {
    /// Add fields with defaults.
    Add(Vec<(String, Value)>),
    /// Rename fields: old → new.
    Rename(Vec<(String, String)>),
    /// Remove fields.
    Remove(Vec<String>),
    /// Set fields from expressions.
    Set(Vec<(String, Expr<'env>)>),
    /// Apply operations to every element at a path.
    Each(String, Vec<CompiledOp<'env>>),
}

impl Upcaster {
    /// An interpreter with strict undefined variables and bounded evaluation.
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        Self { env }
    }

    /// Compiles one expression.
    pub fn expression(&self, source: &str) -> Result<Expr<'_>, String> {
        Expr::compile(&self.env, source)
    }

    /// Names an expression reads, or why it does not compile.
    pub fn variables(&self, expression: &str) -> Result<Vec<String>, String> {
        Ok(self.expression(expression)?.variables())
    }

    /// Evaluates an expression over a payload object.
    pub fn eval(&self, expression: &str, payload: &Map<String, Value>) -> Result<Value, String> {
        self.expression(expression)?.eval(payload)
    }

    /// Compiles a version's operations.
    pub fn compile(&self, ops: &[UpcastOp]) -> Result<Vec<CompiledOp<'_>>, UpcastError> {
        self.compile_at(ops, &[])
    }

    fn compile_at(
        &self,
        ops: &[UpcastOp],
        at: &[usize],
    ) -> Result<Vec<CompiledOp<'_>>, UpcastError> {
        let mut out = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let here: Vec<usize> = at.iter().copied().chain([i]).collect();
            out.push(self.compile_one(op, &here)?);
        }
        Ok(out)
    }

    fn compile_one(&self, op: &UpcastOp, here: &[usize]) -> Result<CompiledOp<'_>, UpcastError> {
        Ok(match op {
            UpcastOp::Add(fields) => CompiledOp::Add(
                fields
                    .iter()
                    .map(|(n, d)| (n.text.clone(), d.value()))
                    .collect(),
            ),
            UpcastOp::Rename(pairs) => CompiledOp::Rename(
                pairs
                    .iter()
                    .map(|(o, n)| (o.text.clone(), n.text.clone()))
                    .collect(),
            ),
            UpcastOp::Remove(names) => {
                CompiledOp::Remove(names.iter().map(|n| n.text.clone()).collect())
            }
            UpcastOp::Set(pairs) => {
                let mut set = Vec::with_capacity(pairs.len());
                for (name, expr) in pairs {
                    let compiled = self.expression(&expr.text).map_err(|e| UpcastError {
                        op: here.to_vec(),
                        message: format!("`{}`: {e}", expr.text),
                    })?;
                    set.push((name.text.clone(), compiled));
                }
                CompiledOp::Set(set)
            }
            UpcastOp::Each { path, ops } => {
                CompiledOp::Each(path.text.clone(), self.compile_at(ops, here)?)
            }
        })
    }

    /// Applies operations to a payload, in order.
    /// Each operation is compiled just before it runs, so a failure names the first operation
    /// that cannot be applied, as a replay would meet it.
    pub fn apply(&self, ops: &[UpcastOp], payload: &mut Value) -> Result<(), UpcastError> {
        for (i, op) in ops.iter().enumerate() {
            let compiled = self.compile_one(op, &[i])?;
            run_one(&compiled, i, payload, &[])?;
        }
        Ok(())
    }
}

/// Runs compiled operations over a payload, in order.
pub fn run(ops: &[CompiledOp<'_>], payload: &mut Value) -> Result<(), UpcastError> {
    run_at(ops, payload, &[])
}

fn run_at(ops: &[CompiledOp<'_>], payload: &mut Value, at: &[usize]) -> Result<(), UpcastError> {
    for (i, op) in ops.iter().enumerate() {
        run_one(op, i, payload, at)?;
    }
    Ok(())
}

fn run_one(
    op: &CompiledOp<'_>,
    i: usize,
    payload: &mut Value,
    at: &[usize],
) -> Result<(), UpcastError> {
    let fail = |message: String| UpcastError {
        op: at.iter().copied().chain([i]).collect(),
        message,
    };
    let Value::Object(obj) = payload else {
        return Err(fail(format!(
            "the payload is {}, not an object",
            kind(payload)
        )));
    };
    match op {
        CompiledOp::Add(fields) => {
            for (name, default) in fields {
                if !obj.contains_key(name) {
                    obj.insert(name.clone(), default.clone());
                }
            }
        }
        CompiledOp::Rename(pairs) => {
            for (old, new) in pairs {
                if let Some(v) = obj.remove(old) {
                    obj.insert(new.clone(), v);
                }
            }
        }
        CompiledOp::Remove(names) => {
            for name in names {
                obj.remove(name);
            }
        }
        CompiledOp::Set(pairs) => {
            for (name, expr) in pairs {
                let value = expr
                    .eval(obj)
                    .map_err(|e| fail(format!("`{}`: {e}", expr.source())))?;
                obj.insert(name.clone(), value);
            }
        }
        CompiledOp::Each(path, inner) => {
            let here: Vec<usize> = at.iter().copied().chain([i]).collect();
            match obj.get_mut(path) {
                None | Some(Value::Null) => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        run_at(inner, item, &here)?;
                    }
                }
                Some(Value::Object(values)) => {
                    for item in values.values_mut() {
                        run_at(inner, item, &here)?;
                    }
                }
                Some(other) => {
                    return Err(fail(format!(
                        "`{path}` is {}, not an array or object",
                        kind(other)
                    )));
                }
            }
        }
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Json, Name};
    use crate::source::{FileId, Span};
    use crate::syntax::{Node, NodeKind, Pos};
    use serde_json::json;

    fn name(s: &str) -> Name {
        Name {
            text: s.into(),
            span: Span {
                file: FileId(0),
                start: 0,
                end: 0,
            },
        }
    }

    fn null() -> Json {
        Json::new(
            Node {
                kind: NodeKind::Null,
                pos: Pos::default(),
            },
            FileId(0),
        )
    }

    #[test]
    fn shop_order_placed_v2_to_v3() {
        let ops = vec![
            UpcastOp::Rename(vec![(name("items"), name("order_items"))]),
            UpcastOp::Each {
                path: name("order_items"),
                ops: vec![
                    UpcastOp::Rename(vec![(name("price"), name("unit_price"))]),
                    UpcastOp::Set(vec![(name("line_total"), name("unit_price * quantity"))]),
                ],
            },
            UpcastOp::Add(vec![(name("shipping_address"), null())]),
        ];
        let mut payload = json!({"items": [{"product_id": "p", "quantity": 3, "price": 2.5}], "total_amount": 7.5});
        Upcaster::new().apply(&ops, &mut payload).unwrap();
        assert_eq!(
            payload,
            json!({"total_amount": 7.5, "order_items": [{"product_id": "p", "quantity": 3, "unit_price": 2.5, "line_total": 7.5}], "shipping_address": null})
        );
    }

    #[test]
    fn undefined_variables_fail_with_the_operation() {
        let ops = vec![UpcastOp::Set(vec![(name("x"), name("missing + 1"))])];
        let err = Upcaster::new().apply(&ops, &mut json!({})).unwrap_err();
        assert_eq!(err.op, [0]);
        assert!(err.message.contains("missing"), "{}", err.message);
    }

    #[test]
    fn runaway_expressions_run_out_of_fuel() {
        let up = Upcaster::new();
        let err = up
            .eval("range(100000) | map('string') | join", &Map::new())
            .unwrap_err();
        assert!(!err.is_empty());
    }

    #[test]
    fn variables_are_listed() {
        assert_eq!(
            Upcaster::new().variables("unit_price * quantity").unwrap(),
            ["quantity", "unit_price"]
        );
        assert!(Upcaster::new().variables("unit_price *").is_err());
    }
}
