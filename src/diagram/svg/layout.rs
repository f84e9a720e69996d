//! A layered (Sugiyama-style) layout, left to right: cycles broken by reversing back edges,
//! layers by longest path, every edge split by a node carrying its label (so that a label takes
//! room and no text overlaps), long edges by dummy points, order within a layer by barycenter
//! sweeps that keep each cluster's nodes together, and clusters drawn as horizontal bands that
//! never overlap.

use super::order;

/// Room around things, in pixels.
pub const GAP: f64 = 28.0;
/// Height of a cluster's title row.
pub const CLUSTER_TITLE: f64 = 42.0;
/// Padding inside a cluster band.
pub const CLUSTER_PAD: f64 = 12.0;

/// A box to place.
#[derive(Clone, Debug)]
pub struct Item {
    /// Width and height.
    pub size: (f64, f64),
    /// The band it belongs to, if any.
    pub cluster: Option<usize>,
}

/// How far under a loop's label its way back runs.
pub const LOOP_BACK: f64 = 12.0;
/// The room a loop takes to turn, right of its label.
pub const LOOP_TURN: f64 = 8.0;

/// A placed box: its centre.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Place {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
}

/// The layout of a graph.
#[derive(Debug, Default)]
pub struct Layout {
    /// Each input node's centre.
    pub nodes: Vec<Place>,
    /// Each input edge's label centre (the middle of the edge).
    pub labels: Vec<Place>,
    /// Each input edge as points from its source to its target, label centre included.
    pub paths: Vec<Vec<Place>>,
    /// For each point of each path, the left and right of its layer's column: an edge runs
    /// straight through a column and bends only between columns, where there is no text.
    pub columns: Vec<Vec<(f64, f64)>>,
    /// Each cluster's band: top, bottom (y), and left, right (x).
    pub bands: Vec<(f64, f64, f64, f64)>,
    /// Width and height of everything.
    pub size: (f64, f64),
    /// Edge crossings between adjacent layers, after ordering.
    pub crossings: usize,
    /// Edge crossings in the input order, before ordering.
    pub unordered: usize,
}

/// One vertex of the layered graph: an input node, an edge label, or a dummy point.
#[derive(Clone, Debug)]
pub(super) struct Vertex {
    pub(super) size: (f64, f64),
    pub(super) band: usize,
    pub(super) layer: usize,
}

/// Clusters up to this many are tried in every order, top to bottom, for the fewest crossings.
const PERMUTED_CLUSTERS: usize = 5;

/// Lays out `nodes` with `edges` (from, to, label size) in clusters whose titles are
/// `titles` wide.
pub fn layout(nodes: &[Item], edges: &[(usize, usize, (f64, f64))], titles: &[f64]) -> Layout {
    let clusters = titles.len();
    let identity: Vec<usize> = (0..clusters).collect();
    let mut best = arrange(nodes, edges, titles, &identity);
    if (2..=PERMUTED_CLUSTERS).contains(&clusters) {
        let unordered = best.unordered;
        for rank in permutations(clusters) {
            if best.crossings == 0 {
                break;
            }
            let l = arrange(nodes, edges, titles, &rank);
            if l.crossings < best.crossings {
                best = l;
            }
        }
        best.unordered = unordered;
    }
    best
}

/// Every order of `0..n`, as the rank of each item.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..n {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

/// The layout with cluster `k` in band `rank[k]`, top to bottom.
fn arrange(
    nodes: &[Item],
    edges: &[(usize, usize, (f64, f64))],
    titles: &[f64],
    rank: &[usize],
) -> Layout {
    let n = nodes.len();
    let clusters = titles.len();
    let mut ranked_titles = vec![0.0; clusters];
    for (k, &r) in rank.iter().enumerate() {
        ranked_titles[r] = titles[k];
    }
    let mut v: Vec<Vertex> = nodes
        .iter()
        .map(|it| Vertex {
            size: it.size,
            band: 2 * it.cluster.map_or(clusters, |c| rank[c]),
            layer: 0,
        })
        .collect();
    // Break cycles: an edge to a node on the DFS stack is followed backwards.
    let forward = acyclic(n, edges);
    // Layers by longest path; each edge spans at least two layers (its label sits between).
    let order = topological(n, edges, &forward);
    for &u in &order {
        for (k, &(a, b, _)) in edges.iter().enumerate() {
            let (s, t) = if forward[k] { (a, b) } else { (b, a) };
            if s == u && s != t {
                v[t].layer = v[t].layer.max(v[s].layer + 2);
            }
        }
    }
    // Split every edge into a chain: source, label, dummies, target.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    let mut label_of: Vec<usize> = Vec::with_capacity(edges.len());
    for (k, &(a, b, label)) in edges.iter().enumerate() {
        let (s, t) = if forward[k] { (a, b) } else { (b, a) };
        // Between two bands, an edge's label and bends go in the gap band under the upper one,
        // so that a cluster's box holds only its own nodes and edges.
        let band = if v[s].band == v[t].band {
            v[s].band
        } else {
            v[s].band.min(v[t].band) + 1
        };
        let mut chain = vec![s];
        let (from, to) = if s == t {
            (v[s].layer, v[s].layer + 2)
        } else {
            (v[s].layer, v[t].layer)
        };
        let middle = from + 1;
        let mut label_vertex = s;
        for layer in from + 1..to {
            let size = if layer == middle && s == t {
                // A loop's way back runs under its label, inside the label's own room.
                (label.0 + LOOP_TURN, label.1.max(8.0) + 2.0 * LOOP_BACK)
            } else if layer == middle {
                (label.0, label.1.max(8.0))
            } else {
                (0.0, 8.0)
            };
            v.push(Vertex { size, band, layer });
            if layer == middle {
                label_vertex = v.len() - 1;
            }
            chain.push(v.len() - 1);
        }
        if s == t {
            // A loop: out to a label one layer on, and back.
            chain.push(s);
        } else {
            chain.push(t);
        }
        if !forward[k] {
            chain.reverse();
        }
        label_of.push(label_vertex);
        chains.push(chain);
    }
    let layers = v.iter().map(|x| x.layer).max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, x) in v.iter().enumerate() {
        rows[x.layer].push(i);
    }
    for row in &mut rows {
        row.sort_by_key(|&i| v[i].band);
    }
    // Adjacent-layer links, for ordering and counting crossings.
    let mut links: Vec<(usize, usize)> = Vec::new();
    for chain in &chains {
        for w in chain.windows(2) {
            let (a, b) = if v[w[0]].layer < v[w[1]].layer {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            if v[a].layer + 1 == v[b].layer {
                links.push((a, b));
            }
        }
    }
    let unordered = order::count(&rows, &v, &links);
    let crossings = order::order_rows(&mut rows, &v, &links);
    let placed = coordinates(&rows, &v, &links, &ranked_titles);
    let ranked_bands: Vec<(f64, f64, f64, f64)> = placed.bands.iter().copied().step_by(2).collect();
    Layout {
        nodes: placed.vertices[..n].to_vec(),
        labels: label_of.iter().map(|&i| placed.vertices[i]).collect(),
        paths: chains
            .iter()
            .map(|c| c.iter().map(|&i| placed.vertices[i]).collect())
            .collect(),
        columns: chains
            .iter()
            .map(|c| c.iter().map(|&i| placed.column[i]).collect())
            .collect(),
        bands: rank.iter().map(|&r| ranked_bands[r]).collect(),
        size: placed.size,
        crossings,
        unordered,
    }
}

/// Which edges keep their direction once cycles are broken.
fn acyclic(n: usize, edges: &[(usize, usize, (f64, f64))]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, _, _)) in edges.iter().enumerate() {
        out_edges[a].push(k);
    }
    let mut forward = vec![true; edges.len()];
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            if let Some(&k) = out_edges[u].get(*next) {
                *next += 1;
                let t = edges[k].1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => forward[k] = false,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    forward
}

/// The nodes in an order where every kept edge goes forward.
fn topological(n: usize, edges: &[(usize, usize, (f64, f64))], forward: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, b, _)) in edges.iter().enumerate() {
        let (s, t) = if forward[k] { (a, b) } else { (b, a) };
        if s != t {
            indegree[t] += 1;
            out_edges[s].push(t);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).rev().collect();
    let mut order = Vec::with_capacity(n);
    while let Some(u) = ready.pop() {
        order.push(u);
        for &t in &out_edges[u] {
            indegree[t] -= 1;
            if indegree[t] == 0 {
                ready.push(t);
            }
        }
    }
    order
}

/// Placed vertices, bands and size.
struct Coordinates {
    vertices: Vec<Place>,
    column: Vec<(f64, f64)>,
    bands: Vec<(f64, f64, f64, f64)>,
    size: (f64, f64),
}

/// Columns per layer; within each band, vertices pulled towards their neighbours' height, in
/// order, never closer than `GAP / 2`.
fn coordinates(
    rows: &[Vec<usize>],
    v: &[Vertex],
    links: &[(usize, usize)],
    titles: &[f64],
) -> Coordinates {
    let bands = 2 * titles.len() + 2;
    // A cluster's title sits in its first column, which is made wide enough for it, so that
    // edges, which bend only between columns, never cross it.
    let mut first = vec![usize::MAX; bands];
    for (l, row) in rows.iter().enumerate() {
        for &i in row {
            first[v[i].band] = first[v[i].band].min(l);
        }
    }
    let mut x = vec![0.0; v.len()];
    let mut column = vec![(0.0, 0.0); v.len()];
    let mut left = GAP;
    for (l, row) in rows.iter().enumerate() {
        let title = titles
            .iter()
            .enumerate()
            .filter(|(k, _)| first[2 * k] == l)
            .map(|(_, w)| *w)
            .fold(0.0, f64::max);
        let width = row.iter().map(|&i| v[i].size.0).fold(title, f64::max);
        for &i in row {
            x[i] = left + width / 2.0;
            column[i] = (left, left + width);
        }
        left += width + GAP * 1.5;
    }
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); v.len()];
    for &(a, b) in links {
        up[b].push(a);
    }
    // Heights inside each band, band by band.
    let mut y = vec![0.0; v.len()];
    let mut band_box = vec![(0.0, 0.0, 0.0, 0.0f64); bands];
    let mut top = GAP;
    for (band, slot) in band_box.iter_mut().enumerate() {
        let members: Vec<Vec<usize>> = rows
            .iter()
            .map(|r| r.iter().copied().filter(|&i| v[i].band == band).collect())
            .collect();
        if members.iter().all(Vec::is_empty) {
            continue;
        }
        // Odd bands are the gaps between clusters: no title, no frame.
        let gap = band % 2 == 1;
        let titled = !gap && band < 2 * titles.len();
        let inner = if titled { top + CLUSTER_TITLE } else { top };
        let mut bottom = inner;
        for row in &members {
            let mut cursor = inner;
            for &i in row {
                let h = v[i].size.1;
                let wanted = if up[i].is_empty() {
                    cursor + h / 2.0
                } else {
                    up[i].iter().map(|&a| y[a]).sum::<f64>() / up[i].len() as f64
                };
                let centre = wanted.max(cursor + h / 2.0);
                y[i] = centre;
                cursor = centre + h / 2.0 + GAP / 2.0;
            }
            bottom = f64::max(bottom, cursor);
        }
        let bottom = if gap { bottom } else { bottom + CLUSTER_PAD };
        let (l, r) = members
            .iter()
            .flatten()
            .fold((f64::MAX, 0.0f64), |(l, r), &i| {
                (l.min(column[i].0), r.max(x[i] + v[i].size.0 / 2.0))
            });
        *slot = (top, bottom, l - CLUSTER_PAD, r + CLUSTER_PAD);
        top = bottom + if gap { GAP / 2.0 } else { GAP };
    }
    let vertices: Vec<Place> = (0..v.len()).map(|i| Place { x: x[i], y: y[i] }).collect();
    let width = left.max(band_box.iter().map(|b| b.3).fold(0.0, f64::max) + GAP);
    Coordinates {
        vertices,
        column,
        bands: band_box,
        size: (width, top),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(cluster: Option<usize>) -> Item {
        Item {
            size: (80.0, 30.0),
            cluster,
        }
    }

    #[test]
    fn cycles_are_laid_out_and_every_edge_has_a_path_from_source_to_target() {
        let nodes = vec![item(Some(0)), item(Some(0)), item(Some(1))];
        let edges = vec![
            (0, 1, (40.0, 12.0)),
            (1, 2, (40.0, 12.0)),
            (2, 0, (0.0, 0.0)),
            (1, 1, (20.0, 12.0)),
        ];
        let l = layout(&nodes, &edges, &[40.0, 40.0]);
        for (k, &(a, b, _)) in edges.iter().enumerate() {
            let p = &l.paths[k];
            assert_eq!(p.first(), Some(&l.nodes[a]), "edge {k}");
            assert_eq!(p.last(), Some(&l.nodes[b]), "edge {k}");
        }
        assert!(l.nodes[0].x < l.nodes[1].x && l.nodes[1].x < l.nodes[2].x);
        let (c0, c1) = (l.bands[0], l.bands[1]);
        assert!(c0.1 <= c1.0, "bands overlap: {c0:?} {c1:?}");
    }

    #[test]
    fn ordering_removes_a_crossing_the_input_order_has() {
        // a→d and b→c drawn in input order cross; the sweep uncrosses them.
        let nodes = vec![item(None), item(None), item(None), item(None)];
        let edges = vec![(0, 3, (0.0, 0.0)), (1, 2, (0.0, 0.0))];
        assert_eq!(layout(&nodes, &edges, &[]).crossings, 0);
    }
}
