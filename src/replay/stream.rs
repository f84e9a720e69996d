//! The checks on one aggregate instance's stream: a repeated event, the `aggregate_version`
//! sequence, time that never goes backwards, and the lifecycle. A stream cut by retention is
//! read from where its first event leaves it with `--partial`.

use super::envelope::Envelope;
use super::finding::Kind;
use super::instances::Instance;
use super::plan::EventPlan;
use crate::model::Aggregate;
use std::hash::BuildHasher;

/// What the stream checks made of one event.
pub enum Verdict {
    /// The event repeats one of the instance's latest: nothing else is checked or applied.
    Duplicate(String),
    /// Checked: the findings, and whether the event broke the stream (it is then left out of
    /// projections).
    Checked {
        /// Findings.
        found: Vec<(Kind, String)>,
        /// A sequence gap or an illegal transition.
        broken: bool,
    },
}

/// Checks an event against its instance and moves the instance on. After an illegal event the
/// instance follows the log (it takes the event's `to`), so one bad event is reported once.
pub fn check(
    instance: &mut Instance,
    plan: &EventPlan<'_>,
    aggregate: &Aggregate,
    id: &str,
    env: &Envelope<'_>,
    partial: bool,
) -> Verdict {
    if let Some(event_id) = env.event_id.as_deref() {
        let h = foldhash::quality::FixedState::with_seed(0xd0b1e).hash_one(event_id) | 1;
        if instance.recent.contains(&h) {
            return Verdict::Duplicate(format!(
                "`event_id` `{event_id}` was already recorded on `{}` `{id}`; the repeat is left out",
                aggregate.name.text
            ));
        }
        instance.recent = [h, instance.recent[0]];
    }
    let first = !instance.started;
    instance.started = true;
    let mut found = Vec::new();
    let mut broken = false;
    if let Some(seq) = env.aggregate_version {
        if let Some(last) = instance.sequence
            && seq != last + 1
        {
            broken = true;
            found.push((
                Kind::SequenceGap,
                format!(
                    "`{id}` is at `aggregate_version` {last}; this event says {seq}, not {}",
                    last + 1
                ),
            ));
        }
        instance.sequence = Some(seq);
    }
    if let Some(at) = env.occurred_at.as_deref() {
        match at.parse::<jiff::Timestamp>() {
            Ok(t) => {
                if let Some(last) = instance.at
                    && t < last
                {
                    found.push((
                        Kind::TimeBackwards,
                        format!("`occurred_at` {at} is earlier than the previous event of `{id}` ({last})"),
                    ));
                }
                instance.at = Some(t);
            }
            Err(e) => found.push((
                Kind::InvalidTimestamp,
                format!("`occurred_at` `{at}` is not an RFC 3339 timestamp: {e}"),
            )),
        }
    }
    if partial && first && env.aggregate_version.is_some_and(|v| v > 1) {
        // The stream's start was cut: its state is what this event leaves, unknown without `to`.
        instance.state = plan.to;
        return Verdict::Checked { found, broken };
    }
    let legal = match (instance.state, &plan.legal_from) {
        (None, _) => true,
        (Some(s), Some(from)) => from.contains(&s),
        (Some(s), None) => !aggregate.is_final(s),
    };
    if let (false, Some(s)) = (legal, instance.state) {
        let allowed: Vec<&str> = match &plan.legal_from {
            Some(from) => from
                .iter()
                .map(|s| aggregate.states[s.index()].text.as_str())
                .collect(),
            None => vec!["any state that is not final"],
        };
        broken = true;
        found.push((
            Kind::IllegalTransition,
            format!(
                "`{}` `{id}` is `{}`; `{}` is recorded only from {}",
                aggregate.name.text,
                aggregate.states[s.index()].text,
                plan.name,
                allowed.join(", ")
            ),
        ));
    }
    if let Some(to) = plan.to {
        instance.state = Some(to);
    }
    Verdict::Checked { found, broken }
}
