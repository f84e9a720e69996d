//! `Bounded`: a compiled validator that checks a value only when its cost is within the budget.

use super::{Amplification, MAX_CHECKS, amplification, parts};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::fmt;

/// The most checks for which the reasons a value fails are listed, when the schema checks some
/// parts more than once: each reason is kept in memory until it is reported.
pub const MAX_LISTED_CHECKS: u64 = 200_000;

/// A validator with its schema's amplification.
pub struct Bounded {
    validator: Validator,
    amplification: Amplification,
}

/// Why a value was not checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The schema itself is too costly to evaluate on any value.
    TooComplex(Amplification),
    /// This value would take more checks than the budget.
    TooCostly {
        /// The checks it would take, at most.
        checks: u64,
        /// The budget it passed.
        budget: u64,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::TooComplex(a) if a.cycle => write!(
                f,
                "the schema applies `#{}` to the same value in a loop",
                a.at
            ),
            Refused::TooComplex(a) => write!(
                f,
                "the schema checks one value more than {} times against `#{}`",
                super::MAX_AMPLIFICATION,
                a.at
            ),
            Refused::TooCostly { checks, budget } => write!(
                f,
                "checking it would take up to {checks} schema checks, over the budget of {budget}"
            ),
        }
    }
}

impl Bounded {
    /// Wraps a validator compiled from `schema`.
    pub fn new(validator: Validator, schema: &Value) -> Self {
        Self {
            validator,
            amplification: amplification(schema),
        }
    }

    /// The schema's amplification.
    pub fn amplification(&self) -> &Amplification {
        &self.amplification
    }

    /// The validator, for callers that checked the cost themselves.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// Whether `value` is valid, when checking it fits the budget.
    pub fn is_valid(&self, value: &Value) -> Result<bool, Refused> {
        self.checks(value, MAX_CHECKS)?;
        Ok(self.validator.is_valid(value))
    }

    /// Why `value` is invalid (empty when it is valid), when checking it fits the budget.
    pub fn errors<'i>(&'i self, value: &'i Value) -> Result<Vec<ValidationError<'i>>, Refused> {
        let checks = self.checks(value, MAX_CHECKS)?;
        if self.amplification.factor > 1 && checks > MAX_LISTED_CHECKS {
            if self.validator.is_valid(value) {
                return Ok(Vec::new());
            }
            return Err(Refused::TooCostly {
                checks,
                budget: MAX_LISTED_CHECKS,
            });
        }
        Ok(self.validator.iter_errors(value).collect())
    }

    /// The first reason `value` is invalid, if any, when checking it fits the budget.
    pub fn first_error<'i>(&'i self, value: &'i Value) -> Result<Option<String>, Refused> {
        Ok(self.errors(value)?.first().map(ToString::to_string))
    }

    fn checks(&self, value: &Value, budget: u64) -> Result<u64, Refused> {
        if self.amplification.too_complex() {
            return Err(Refused::TooComplex(self.amplification.clone()));
        }
        let checks = self.amplification.factor.saturating_mul(parts(value));
        if self.amplification.factor > 1 && checks > budget {
            return Err(Refused::TooCostly { checks, budget });
        }
        Ok(checks)
    }
}
