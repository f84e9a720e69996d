//! Starter catalogs for `eventctl init`: a small one whose comments teach the format, and the
//! example shop. Each comes with the format's JSON Schema beside it, which the catalog's first
//! line points editors at.

use crate::fileset::{File, Owner};

/// Which starter catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    /// One context, one aggregate, a saga with a compensation, a projection and scenarios.
    Minimal,
    /// The example shop: four contexts, a choreography, versioned events, a projection.
    Shop,
}

const MINIMAL: &str = include_str!("minimal.yaml");
const SHOP: &str = include_str!("../../catalog-examples/shop/catalog.yaml");
const SHOP_V3: &str = include_str!("../../catalog-examples/shop/schemas/order_placed.v3.json");

/// The editor modeline every starter opens with.
const MODELINE: &str = "# yaml-language-server: $schema=catalog.schema.json";

/// The files of a starter catalog, relative to its folder.
pub fn files(example: Example) -> Vec<File> {
    let user = |path: &str, content: String| File {
        path: path.to_string(),
        content,
        owner: Owner::User,
    };
    let mut out = match example {
        Example::Minimal => vec![user("catalog.yaml", MINIMAL.to_string())],
        Example::Shop => {
            let body = SHOP.split_once('\n').map_or(SHOP, |(_, rest)| rest);
            vec![
                user("catalog.yaml", format!("{MODELINE}\n{body}")),
                user("schemas/order_placed.v3.json", SHOP_V3.to_string()),
            ]
        }
    };
    out.push(user("catalog.schema.json", crate::syntax::format_schema()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_opens_with_the_modeline_and_brings_the_schema() {
        for example in [Example::Minimal, Example::Shop] {
            let files = files(example);
            assert!(files[0].content.starts_with(MODELINE), "{example:?}");
            assert!(files.iter().any(|f| f.path == "catalog.schema.json"));
        }
    }
}
