//! `--validate-payloads`: each payload against its own version's schema, and the result of its
//! upcast against the latest version's, with validators compiled on first use.

use super::Replay;
use super::finding::Kind;
use crate::model::Json;
use serde_json::Value;

impl Replay<'_> {
    /// The first errors of a payload under one version's schema; `None` when the version has
    /// no schema, `Err` when the schema is too costly to check on it.
    fn schema_errors(
        &mut self,
        event: usize,
        version: u64,
        payload: &Value,
    ) -> Option<Result<Vec<String>, String>> {
        let versions = &self.cat.events[event].versions;
        let index = versions.iter().position(|v| v.number == version)?;
        let slot = &mut self.validators[event][index];
        if slot.is_none() {
            *slot = Some(versions[index].schema.as_ref().and_then(Json::validator));
        }
        let Some(Some(validator)) = slot else {
            return None;
        };
        Some(match validator.errors(payload) {
            Ok(errors) => Ok(errors
                .iter()
                .take(3)
                .map(|e| {
                    let at = e.instance_path().to_string();
                    if at.is_empty() {
                        e.to_string()
                    } else {
                        format!("{at}: {e}")
                    }
                })
                .collect()),
            Err(refused) => Err(refused.to_string()),
        })
    }

    /// Checks a payload against its own version's schema.
    pub(super) fn validate(&mut self, number: u64, event: usize, version: u64, payload: &Value) {
        let name = self.plan.events[event].name.clone();
        match self.schema_errors(event, version, payload) {
            None => {}
            Some(Err(refused)) => {
                let message =
                    format!("the payload of `{name}` v{version} was not checked: {refused}");
                self.out.find(number, Kind::PayloadTooCostly, message);
            }
            Some(Ok(errors)) if !errors.is_empty() => {
                let message = format!(
                    "the payload is not a valid `{name}` v{version}: {}",
                    errors.join("; ")
                );
                self.out.find(number, Kind::PayloadInvalid, message);
            }
            Some(Ok(_)) => {}
        }
    }

    /// Checks what the upcast chain made of a payload of `from` against the latest version.
    pub(super) fn validate_upcast(
        &mut self,
        number: u64,
        event: usize,
        from: u64,
        payload: &Value,
    ) {
        let name = self.plan.events[event].name.clone();
        let latest = self.plan.events[event].latest;
        match self.schema_errors(event, latest, payload) {
            None => {}
            Some(Err(refused)) => {
                let message = format!(
                    "the upcast payload of `{name}` v{from} was not checked against v{latest}: {refused}"
                );
                self.out.find(number, Kind::PayloadTooCostly, message);
            }
            Some(Ok(errors)) if !errors.is_empty() => {
                let message = format!(
                    "upcasting `{name}` v{from} to v{latest} gives a payload v{latest} rejects: {}",
                    errors.join("; ")
                );
                self.out.find(number, Kind::UpcastResultInvalid, message);
            }
            Some(Ok(_)) => {}
        }
    }
}
