//! The frame every page of the site shares: the head with its Content-Security-Policy (nothing
//! from elsewhere, no inline script or style), the header with search and the theme switch, the
//! navigation, and escaping of user text.

use super::MARKER;
use crate::model::{AggregateId, Catalog, CommandId, ContextId, EventId};
use std::fmt::Write as _;

/// The policy every page declares: its own folder's scripts, styles and pictures, nothing else.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

/// User text for HTML: `<`, `>`, `&` and quotes as entities.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// A page's file name for an item; names are identifiers, so they are safe in paths.
pub fn context_page(cat: &Catalog, c: ContextId) -> String {
    format!("context-{}.html", cat.context(c).name.text)
}

/// An aggregate's page.
pub fn aggregate_page(cat: &Catalog, a: AggregateId) -> String {
    format!("aggregate-{}.html", cat.aggregate_name(a))
}

/// An event's page.
pub fn event_page(cat: &Catalog, e: EventId) -> String {
    format!("event-{}.html", cat.event_name(e))
}

/// A saga's page.
pub fn saga_page(name: &str) -> String {
    format!("saga-{name}.html")
}

/// A projection's page.
pub fn projection_page(name: &str) -> String {
    format!("projection-{name}.html")
}

/// A link to an event's page, its qualified name as text.
pub fn event_link(cat: &Catalog, e: EventId) -> String {
    format!(
        "<a href=\"{}\"><code>{}</code></a>",
        event_page(cat, e),
        esc(&cat.event_name(e))
    )
}

/// A link to the page of a command's aggregate, at the command.
pub fn command_link(cat: &Catalog, c: CommandId) -> String {
    let cmd = cat.command(c);
    format!(
        "<a href=\"{}#{}\"><code>{}</code></a>",
        aggregate_page(cat, cmd.aggregate),
        anchor(&cmd.name.text),
        esc(&cat.command_name(c))
    )
}

/// An anchor id: the name, which is an identifier, lowercased.
pub fn anchor(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect::<String>()
        .to_lowercase()
}

/// A heading with a permalink to itself.
pub fn heading(level: u8, id: &str, text: &str) -> String {
    format!(
        "<h{level} id=\"{id}\">{text} <a class=\"permalink\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
    )
}

/// A diagram: the SVG file beside the page, with its text as the picture's description.
pub fn figure(file: &str, alt: &str) -> String {
    format!(
        "<figure class=\"diagram\"><a href=\"{file}\"><img src=\"{file}\" alt=\"{}\" loading=\"lazy\"></a></figure>\n",
        esc(alt)
    )
}

/// A whole page: head, header, navigation and `body`.
pub fn page(cat: &Catalog, title: &str, body: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html><!-- {marker} -->\n",
            "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
            "<title>{title} · {name}</title>\n",
            "<link rel=\"stylesheet\" href=\"assets/site.css\">\n",
            "<script src=\"assets/search-index.js\" defer></script>\n",
            "<script src=\"assets/site.js\" defer></script>\n",
            "</head>\n<body>\n",
            "<header class=\"top\"><a class=\"home\" href=\"index.html\">{name}</a>\n",
            "<div class=\"search\" role=\"search\"><label for=\"search\" class=\"hidden\">Search</label>",
            "<input id=\"search\" type=\"search\" placeholder=\"Search events, commands, sagas…\" autocomplete=\"off\">",
            "<ul id=\"results\" class=\"results\" hidden></ul></div>\n",
            "<button id=\"theme\" type=\"button\" aria-label=\"Switch between light and dark\">◐</button></header>\n",
            "<div class=\"layout\">\n<nav aria-label=\"Catalog\">{nav}</nav>\n<main>\n<h1>{title}</h1>\n{body}</main>\n</div>\n",
            "</body>\n</html>\n",
        ),
        marker = MARKER,
        csp = CSP,
        title = esc(title),
        name = esc(&cat.name),
        nav = nav(cat),
        body = body,
    );
    out
}

/// The navigation: the contexts (whose pages list their aggregates), sagas and projections.
/// More than [`NAV_ITEMS`] sagas or projections become a link to their table on the index.
fn nav(cat: &Catalog) -> String {
    let mut out = String::from("<ul>");
    for (i, c) in cat.contexts.iter().enumerate() {
        let id = ContextId::new(i);
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a></li>",
            context_page(cat, id),
            esc(&c.name.text)
        );
    }
    let sagas: Vec<&str> = cat.sagas.iter().map(|s| s.name.text.as_str()).collect();
    group(&mut out, "Sagas", "sagas", &sagas, saga_page);
    let projections: Vec<&str> = cat
        .projections
        .iter()
        .map(|p| p.name.text.as_str())
        .collect();
    group(
        &mut out,
        "Projections",
        "projections",
        &projections,
        projection_page,
    );
    out.push_str("</ul>");
    out
}

/// Items listed in the navigation of every page; more are listed on the index only, so that
/// a large catalog's pages stay small.
const NAV_ITEMS: usize = 20;

/// A group of the navigation: its items, or a link to their table on the index.
fn group(out: &mut String, title: &str, section: &str, names: &[&str], page: fn(&str) -> String) {
    if names.is_empty() {
        return;
    }
    if names.len() > NAV_ITEMS {
        let _ = write!(
            out,
            "<li class=\"group\"><a href=\"index.html#{section}\">{title} ({})</a></li>",
            names.len()
        );
        return;
    }
    let _ = write!(out, "<li class=\"group\">{title}<ul>");
    for n in names {
        let _ = write!(out, "<li><a href=\"{}\">{}</a></li>", page(n), esc(n));
    }
    out.push_str("</ul></li>");
}

/// A table of already-escaped cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<div class=\"scroll\"><table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A paragraph of user text, or nothing.
pub fn para(text: Option<&String>) -> String {
    text.map(|t| format!("<p>{}</p>\n", esc(t)))
        .unwrap_or_default()
}

/// A two-column table of names and already-escaped values, each name heading its row.
pub fn pairs(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<div class=\"scroll\"><table class=\"pairs\"><tbody>");
    for (name, value) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            esc(name)
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// `n` things, singular or plural (`1 saga`, `2 sagas`).
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A duration as people write it: `300s` as `5m`, `172800s` as `2d`.
pub fn duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    let ms = d.subsec_millis();
    match s {
        0 => format!("{ms}ms"),
        _ if ms > 0 => format!("{}ms", d.as_millis()),
        _ if s.is_multiple_of(86_400) => format!("{}d", s / 86_400),
        _ if s.is_multiple_of(3_600) => format!("{}h", s / 3_600),
        _ if s.is_multiple_of(60) => format!("{}m", s / 60),
        _ => format!("{s}s"),
    }
}
