//! Upcast operations: syntax → model, keeping every position.

use super::Resolver;
use crate::model::{Json, UpcastOp};
use crate::source::FileId;
use crate::syntax;

/// Converts a list of written operations.
pub(super) fn ops(r: &Resolver<'_>, file: FileId, written: &[syntax::UpcastOp]) -> Vec<UpcastOp> {
    written.iter().map(|op| one(r, file, op)).collect()
}

fn one(r: &Resolver<'_>, file: FileId, op: &syntax::UpcastOp) -> UpcastOp {
    let pairs = |e: &syntax::Entries<syntax::Sp<String>>| {
        e.iter()
            .map(|(k, v)| (r.name(file, k), r.name(file, v)))
            .collect()
    };
    match op {
        syntax::UpcastOp::Add(fields) => UpcastOp::Add(
            fields
                .iter()
                .map(|(k, v)| (r.name(file, k), Json::new(v.clone(), file)))
                .collect(),
        ),
        syntax::UpcastOp::Rename(p) => UpcastOp::Rename(pairs(p)),
        syntax::UpcastOp::Set(p) => UpcastOp::Set(pairs(p)),
        syntax::UpcastOp::Remove(names) => {
            UpcastOp::Remove(names.0.iter().map(|n| r.name(file, n)).collect())
        }
        syntax::UpcastOp::Each(each) => UpcastOp::Each {
            path: r.name(file, &each.path),
            ops: ops(r, file, &each.ops),
        },
    }
}
