//! The upcast interpreter: applies a version's operations to a payload of the previous version.
//! `validate` proves upcasts with it, and `eventctl upcast` runs it on stored payloads.

use crate::model::UpcastOp;
use minijinja::{Environment, UndefinedBehavior, value::Serde};
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

impl Upcaster {
    /// An interpreter with strict undefined variables and bounded evaluation.
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        Self { env }
    }

    /// Names an expression reads, or why it does not compile.
    pub fn variables(&self, expression: &str) -> Result<Vec<String>, String> {
        let expr = self
            .env
            .compile_expression(expression)
            .map_err(|e| e.to_string())?;
        let mut names: Vec<String> = expr.undeclared_variables(false).into_iter().collect();
        names.sort();
        Ok(names)
    }

    /// Evaluates an expression over a payload object.
    pub fn eval(&self, expression: &str, payload: &Map<String, Value>) -> Result<Value, String> {
        let expr = self
            .env
            .compile_expression(expression)
            .map_err(|e| e.to_string())?;
        let result = expr
            .eval(minijinja::Value::from(Serde(payload)))
            .map_err(|e| e.to_string())?;
        if result.is_undefined() {
            return Err("the expression is undefined".into());
        }
        serde_json::to_value(&result).map_err(|e| e.to_string())
    }

    /// Applies operations to a payload, in order.
    pub fn apply(&self, ops: &[UpcastOp], payload: &mut Value) -> Result<(), UpcastError> {
        self.apply_at(ops, payload, &[])
    }

    fn apply_at(
        &self,
        ops: &[UpcastOp],
        payload: &mut Value,
        at: &[usize],
    ) -> Result<(), UpcastError> {
        for (i, op) in ops.iter().enumerate() {
            let here: Vec<usize> = at.iter().copied().chain([i]).collect();
            let fail = |message: String| UpcastError {
                op: here.clone(),
                message,
            };
            let Value::Object(obj) = payload else {
                return Err(fail(format!(
                    "the payload is {}, not an object",
                    kind(payload)
                )));
            };
            match op {
                UpcastOp::Add(fields) => {
                    for (name, default) in fields {
                        obj.entry(name.text.clone())
                            .or_insert_with(|| default.value());
                    }
                }
                UpcastOp::Rename(pairs) => {
                    for (old, new) in pairs {
                        if let Some(v) = obj.remove(&old.text) {
                            obj.insert(new.text.clone(), v);
                        }
                    }
                }
                UpcastOp::Remove(names) => {
                    for name in names {
                        obj.remove(&name.text);
                    }
                }
                UpcastOp::Set(pairs) => {
                    for (name, expr) in pairs {
                        let value = self
                            .eval(&expr.text, obj)
                            .map_err(|e| fail(format!("`{}`: {e}", expr.text)))?;
                        obj.insert(name.text.clone(), value);
                    }
                }
                UpcastOp::Each { path, ops } => match obj.get_mut(&path.text) {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(items)) => {
                        for item in items {
                            self.apply_at(ops, item, &here)?;
                        }
                    }
                    Some(Value::Object(values)) => {
                        for item in values.values_mut() {
                            self.apply_at(ops, item, &here)?;
                        }
                    }
                    Some(other) => {
                        return Err(fail(format!(
                            "`{}` is {}, not an array or object",
                            path.text,
                            kind(other)
                        )));
                    }
                },
            }
        }
        Ok(())
    }
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
