//! Ordering the vertices of each layer for few crossings: barycentre sweeps both ways, then
//! swaps of neighbours, each cluster's vertices kept together; and counting crossings.

use super::layout::Vertex;

/// Orders each layer by the barycentre of its neighbours, sweeping both ways, each cluster's
/// vertices kept together; keeps the order with the fewest crossings and returns their count.
pub(super) fn order_rows(rows: &mut [Vec<usize>], v: &[Vertex], links: &[(usize, usize)]) -> usize {
    let mut best = rows.to_vec();
    let mut best_count = count(rows, v, links);
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); v.len()];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); v.len()];
    for &(a, b) in links {
        down[a].push(b);
        up[b].push(a);
    }
    for round in 0..12 {
        let position = positions(rows, v.len());
        let sweep: Vec<usize> = if round % 2 == 0 {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        let mut position = position;
        for l in sweep {
            let neighbours = if round % 2 == 0 { &up } else { &down };
            let key = |i: usize| -> f64 {
                let ns = &neighbours[i];
                if ns.is_empty() {
                    position[i] as f64
                } else {
                    ns.iter().map(|&x| position[x] as f64).sum::<f64>() / ns.len() as f64
                }
            };
            let mut keyed: Vec<(usize, f64, usize)> =
                rows[l].iter().map(|&i| (v[i].band, key(i), i)).collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            rows[l] = keyed.into_iter().map(|(_, _, i)| i).collect();
            for (p, &i) in rows[l].iter().enumerate() {
                position[i] = p;
            }
        }
        let c = count(rows, v, links);
        if c < best_count {
            best_count = c;
            best = rows.to_vec();
        }
    }
    rows.clone_from_slice(&best);
    transpose(rows, v, &up, &down);
    count(rows, v, links)
}

/// Swaps neighbours of one band in a layer while that removes crossings with the layers on
/// either side, until no swap helps (at most a few passes).
fn transpose(rows: &mut [Vec<usize>], v: &[Vertex], up: &[Vec<usize>], down: &[Vec<usize>]) {
    let mut position = positions(rows, v.len());
    // Crossings between the links of `a` and of `b` when `a` is above `b`.
    let pair = |position: &[usize], a: usize, b: usize| -> usize {
        let side = |ns: &[Vec<usize>]| {
            ns[a]
                .iter()
                .map(|&x| ns[b].iter().filter(|&&y| position[x] > position[y]).count())
                .sum::<usize>()
        };
        side(up) + side(down)
    };
    for _ in 0..8 {
        let mut improved = false;
        for row in rows.iter_mut() {
            for k in 1..row.len() {
                let (a, b) = (row[k - 1], row[k]);
                if v[a].band == v[b].band && pair(&position, b, a) < pair(&position, a, b) {
                    row.swap(k - 1, k);
                    position[a] = k;
                    position[b] = k - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

fn positions(rows: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut p = vec![0; n];
    for row in rows {
        for (k, &i) in row.iter().enumerate() {
            p[i] = k;
        }
    }
    p
}

/// Crossings between adjacent layers: per layer, pairs of links whose ends are in opposite
/// orders, counted with a sorted sweep.
pub(super) fn count(rows: &[Vec<usize>], v: &[Vertex], links: &[(usize, usize)]) -> usize {
    let p = positions(rows, v.len());
    let mut by_layer: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rows.len()];
    for &(a, b) in links {
        by_layer[v[a].layer].push((p[a], p[b]));
    }
    let mut total = 0;
    for mut pairs in by_layer {
        pairs.sort_unstable();
        // Fenwick tree over target positions: links seen so far that end further down.
        let size = pairs.iter().map(|x| x.1).max().map_or(0, |m| m + 1);
        let mut tree = vec![0usize; size + 1];
        let mut seen = 0;
        let mut i = 0;
        while i < pairs.len() {
            let mut j = i;
            while j < pairs.len() && pairs[j].0 == pairs[i].0 {
                let mut k = pairs[j].1 + 1;
                let mut at_or_below = 0;
                while k > 0 {
                    at_or_below += tree[k];
                    k &= k - 1;
                }
                total += seen - at_or_below;
                j += 1;
            }
            for pair in &pairs[i..j] {
                let mut k = pair.1 + 1;
                while k <= size {
                    tree[k] += 1;
                    k += k & k.wrapping_neg();
                }
                seen += 1;
            }
            i = j;
        }
    }
    total
}
