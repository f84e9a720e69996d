//! Writes a synthetic catalog for benchmarks: `gen_catalog --events N --out DIR [--single-file]`.
//!
//! About N/100 contexts and N/20 aggregates with 4–8 lifecycle states; commands with `from`,
//! `emits`, `fails` and `compensated_by`; triggers across aggregates and contexts; one saga and
//! one projection per aggregate; 3 versions per event (v2 adds a field, v3 renames one and computes
//! another, declared breaking) with payload schemas of 9–11 properties. Deterministic for a given
//! N, and it validates clean. Contexts go to `DIR/contexts/*.yaml`, included from
//! `DIR/catalog.yaml`, unless `--single-file` puts everything in `DIR/catalog.yaml`.

use std::fmt::Write as _;
use std::path::PathBuf;

const VERBS: [(&str, &str); 20] = [
    ("Open", "Opened"),
    ("Approve", "Approved"),
    ("Submit", "Submitted"),
    ("Verify", "Verified"),
    ("Assign", "Assigned"),
    ("Schedule", "Scheduled"),
    ("Publish", "Published"),
    ("Review", "Reviewed"),
    ("Confirm", "Confirmed"),
    ("Record", "Recorded"),
    ("Register", "Registered"),
    ("Allocate", "Allocated"),
    ("Dispatch", "Dispatched"),
    ("Deliver", "Delivered"),
    ("Invoice", "Invoiced"),
    ("Settle", "Settled"),
    ("Audit", "Audited"),
    ("Renew", "Renewed"),
    ("Extend", "Extended"),
    ("Close", "Closed"),
];

const NOUNS: [&str; 10] = [
    "Account", "Order", "Parcel", "Invoice", "Ticket", "Policy", "Claim", "Booking", "Shipment",
    "Contract",
];

struct Args {
    events: usize,
    out: PathBuf,
    single_file: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut events = None;
    let mut out = None;
    let mut single_file = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--events" => events = args.next().and_then(|n| n.parse::<usize>().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "--single-file" => single_file = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        events: events
            .filter(|&n| n >= 20)
            .ok_or("--events N (at least 20) is required")?,
        out: out.ok_or("--out DIR is required")?,
        single_file,
    })
}

/// An aggregate's place in the catalog.
struct Agg {
    context: usize,
    name: String,
    id_field: String,
    states: usize,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\nusage: gen_catalog --events N --out DIR [--single-file]");
            std::process::exit(2);
        }
    };
    let aggregates = args.events.div_ceil(20);
    let contexts = args.events.div_ceil(100).max(1);
    let aggs: Vec<Agg> = (0..aggregates)
        .map(|a| {
            let noun = NOUNS[a % NOUNS.len()];
            Agg {
                context: a * contexts / aggregates,
                name: format!("{noun}{a}"),
                id_field: format!("{}{a}_id", noun.to_lowercase()),
                states: 4 + a % 5,
            }
        })
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    for c in 0..contexts {
        let mut text = String::from("contexts:\n");
        let _ = writeln!(
            text,
            "  Context{c}:\n    description: Synthetic context {c}.\n    owner: team-{c}\n    aggregates:"
        );
        let members: Vec<usize> = (0..aggregates).filter(|&a| aggs[a].context == c).collect();
        for &a in &members {
            aggregate(&mut text, &aggs, a);
        }
        processes(&mut text, &aggs, c, &members);
        files.push((format!("contexts/context{c}.yaml"), text));
    }
    let header = format!(
        "eventctl: 1\nname: synthetic-{}\ndescription: Synthetic catalog of {} events.\ndefaults:\n  compatibility: backward_transitive\n",
        args.events,
        aggregates * 20
    );
    let written = if args.single_file {
        let mut text = header;
        let mut sections = [String::new(), String::new(), String::new()];
        for (_, f) in &files {
            split_sections(f, &mut sections);
        }
        text.push_str("contexts:\n");
        text.push_str(&sections[0]);
        text.push_str("sagas:\n");
        text.push_str(&sections[1]);
        text.push_str("projections:\n");
        text.push_str(&sections[2]);
        vec![("catalog.yaml".to_string(), text)]
    } else {
        let mut all = vec![(
            "catalog.yaml".to_string(),
            format!("{header}include: [contexts/*.yaml]\n"),
        )];
        all.extend(files);
        all
    };
    let mut bytes = 0;
    for (rel, text) in &written {
        let path = args.out.join(rel);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("error: cannot create {}: {e}", parent.display());
            std::process::exit(2);
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        bytes += text.len();
    }
    println!(
        "wrote {} events ({} aggregates, {contexts} contexts) in {} files, {:.1} MB, to {}",
        aggregates * 20,
        aggregates,
        written.len(),
        bytes as f64 / 1e6,
        args.out.display()
    );
}

/// Moves the `contexts`, `sagas` and `projections` bodies of a context file into `sections`.
fn split_sections(file: &str, sections: &mut [String; 3]) {
    let mut current = 0;
    for line in file.lines() {
        match line {
            "contexts:" => current = 0,
            "sagas:" => current = 1,
            "projections:" => current = 2,
            _ => {
                sections[current].push_str(line);
                sections[current].push('\n');
            }
        }
    }
}

fn is_failure(j: usize) -> bool {
    j % 5 == 4
}

/// Position of a command among the aggregate's commands (failure slots hold no command).
fn step(j: usize) -> usize {
    j - j / 5
}

fn event_name(agg: &Agg, j: usize) -> String {
    if is_failure(j) {
        format!("{}{}Failed", agg.name, VERBS[j - 1].0)
    } else {
        format!("{}{}", agg.name, VERBS[j].1)
    }
}

fn command_name(agg: &Agg, j: usize) -> String {
    format!("{}{}", VERBS[j].0, agg.name)
}

fn aggregate(out: &mut String, aggs: &[Agg], a: usize) {
    let agg = &aggs[a];
    let states: Vec<String> = (0..agg.states).map(|s| format!("stage_{s}")).collect();
    let last = agg.states - 1;
    let _ = writeln!(
        out,
        "      {}:\n        description: Synthetic aggregate {a}.\n        id: {}\n        states: [{}]\n        initial: stage_0\n        final: [stage_{last}]\n        commands:",
        agg.name,
        agg.id_field,
        states.join(", ")
    );
    for j in (0..20).filter(|&j| !is_failure(j)) {
        let from = step(j) % last;
        let _ = writeln!(
            out,
            "          {}:\n            from: [stage_{from}]\n            emits: {}",
            command_name(agg, j),
            event_name(agg, j)
        );
        if is_failure(j + 1) {
            let _ = writeln!(out, "            fails: [{}]", event_name(agg, j + 1));
        }
        if j % 5 == 0 && from + 1 < last {
            let _ = writeln!(
                out,
                "            compensated_by: {}",
                command_name(agg, j + 1)
            );
        }
        if a == 0 {
            out.push_str("            external: true\n");
        }
        let _ = writeln!(
            out,
            "            schema: {{type: object, required: [{id}], properties: {{{id}: {{type: string, minLength: 1}}, amount: {{type: number, minimum: 0}}, reason: {{type: string, maxLength: 200}}}}}}",
            id = agg.id_field
        );
    }
    out.push_str("        events:\n");
    let next = aggs.get(a + 1);
    for j in 0..20 {
        let to = if is_failure(j) {
            step(j - 1) % last
        } else {
            step(j) % last + 1
        };
        let _ = writeln!(
            out,
            "          {}:\n            description: Synthetic event {j} of {}.\n            to: stage_{to}",
            event_name(agg, j),
            agg.name
        );
        if let Some(next) = next.filter(|_| !is_failure(j)) {
            let prefix = if next.context == agg.context {
                String::new()
            } else {
                format!("Context{}.", next.context)
            };
            let _ = writeln!(
                out,
                "            triggers:\n              - command: {prefix}{}\n                map: {{{}: {}, amount: amount}}",
                command_name(next, j),
                next.id_field,
                agg.id_field
            );
        }
        out.push_str("            versions:\n");
        versions(out, agg, j);
    }
}

fn payload(out: &mut String, agg: &Agg, version: usize) {
    let id = &agg.id_field;
    let required = match version {
        1 => format!("[{id}, amount, status, created_at, lines]"),
        2 => format!("[{id}, amount, status, created_at, lines, channel]"),
        _ => format!("[{id}, amount, status, created_at, lines, channel, amount_cents]"),
    };
    let note = if version < 3 { "note" } else { "comment" };
    let _ = write!(
        out,
        "                schema:
                  type: object
                  required: {required}
                  properties:
                    {id}: {{type: string, minLength: 1, maxLength: 64}}
                    amount: {{type: number, minimum: 0, maximum: 1000000}}
                    status: {{type: string, enum: [new, active, suspended, closed]}}
                    created_at: {{type: string, format: date-time}}
                    {note}: {{type: string, maxLength: 500}}
                    priority: {{type: integer, minimum: 1, maximum: 5}}
                    address: {{type: object, required: [line1, city, country], properties: {{line1: {{type: string}}, city: {{type: string}}, postal_code: {{type: string, pattern: \"^[A-Z0-9 -]{{3,10}}$\"}}, country: {{type: string, enum: [GB, FR, DE, US, JP]}}}}}}
                    lines: {{type: array, minItems: 1, items: {{type: object, required: [sku, quantity], properties: {{sku: {{type: string}}, quantity: {{type: integer, minimum: 1}}, price: {{type: number, exclusiveMinimum: 0}}}}}}}}
                    tags: {{type: array, items: {{type: string}}, uniqueItems: true}}
"
    );
    if version >= 2 {
        out.push_str("                    channel: {type: string, enum: [web, store, phone]}\n");
    }
    if version >= 3 {
        // `note` stays declared for readers in other contexts still on v2 (a public event).
        out.push_str("                    note: {type: string, maxLength: 500}\n");
        out.push_str("                    amount_cents: {type: number, minimum: 0}\n");
    }
}

fn versions(out: &mut String, agg: &Agg, j: usize) {
    for version in 1..=3 {
        let _ = writeln!(out, "              - version: {version}");
        match version {
            2 => out.push_str("                description: Adds the sales channel; stored events came from the web.\n"),
            3 => out.push_str("                description: Renames note to comment (note stays declared for readers on v2) and stores the amount in cents.\n                compatibility: none\n"),
            _ => {}
        }
        payload(out, agg, version);
        match version {
            1 => {}
            // The models are open: a stored payload may already hold the new field, so it is
            // cleared before the default goes in.
            2 => out.push_str("                upcast:\n                  - remove: [channel]\n                  - add: {channel: web}\n"),
            _ => {
                out.push_str("                upcast:\n                  - remove: [comment]\n                  - rename: {note: comment}\n                  - set: {amount_cents: \"amount * 100\"}\n");
                let _ = writeln!(
                    out,
                    "                examples:\n                  - {{{}: id-{j}, amount: 12.5, status: active, created_at: \"2025-01-02T03:04:05Z\", lines: [{{sku: s-1, quantity: 2, price: 6.25}}], channel: web, amount_cents: 1250}}",
                    agg.id_field
                );
            }
        }
    }
}

fn processes(out: &mut String, aggs: &[Agg], c: usize, members: &[usize]) {
    let Some(&first) = members.first() else {
        return;
    };
    let last = *members.last().unwrap_or(&first);
    let _ = writeln!(
        out,
        "sagas:\n  Process{c}:\n    description: Runs context {c} from its first aggregate to its last.\n    style: choreography\n    start: Context{c}.{}\n    correlation: {}\n    completes_on: [Context{c}.{}]\n    aborts_on: [Context{c}.{}]\n    timeouts: {{Context{c}.{}: 30s}}",
        event_name(&aggs[first], 0),
        aggs[first].id_field,
        event_name(&aggs[last], 18),
        event_name(&aggs[last], 19),
        command_name(&aggs[first], 0),
    );
    out.push_str("projections:\n");
    // One view per aggregate, keyed by its id: every event it handles carries that id.
    for &a in members {
        let _ = writeln!(
            out,
            "  View{c}x{a}:\n    description: Latest status per {} in context {c}.\n    key: {}\n    fields:\n      status: string\n      amount: number\n      comment: {{type: string, nullable: true}}\n    on:",
            aggs[a].name, aggs[a].id_field
        );
        for (j, (_, past)) in VERBS.iter().enumerate() {
            let _ = writeln!(
                out,
                "      Context{c}.{}: {{set: {{status: \"'{}'\", amount: amount}}}}",
                event_name(&aggs[a], j),
                past.to_lowercase()
            );
        }
    }
}
