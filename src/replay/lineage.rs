//! The event ids seen so far, in fixed memory, for checking that a `causation_id` names an
//! earlier event.
//!
//! A Bloom filter of 2^27 bits (16 MiB) with 7 hashes: memory does not grow with the log. It
//! can answer "seen" for an id never seen (a missed finding, never a false one); the chance
//! stays under one in a million up to 2.8 million events and about 1% at 14 million, and the
//! summary reports it.

use std::hash::{DefaultHasher, Hash, Hasher};

const BITS_LOG2: u32 = 27;
const HASHES: u64 = 7;

/// Event ids seen, as a Bloom filter.
pub struct Seen {
    words: Vec<u64>,
    inserted: u64,
}

impl Default for Seen {
    fn default() -> Self {
        Self {
            words: vec![0; 1 << (BITS_LOG2 - 6)],
            inserted: 0,
        }
    }
}

impl Seen {
    /// Records an id.
    pub fn insert(&mut self, id: &str) {
        for bit in bits(id) {
            self.words[(bit >> 6) as usize] |= 1 << (bit & 63);
        }
        self.inserted += 1;
    }

    /// True when the id was (probably) recorded; false when it certainly was not.
    pub fn contains(&self, id: &str) -> bool {
        bits(id).all(|bit| self.words[(bit >> 6) as usize] & (1 << (bit & 63)) != 0)
    }

    /// The chance that an id never recorded is reported as seen, after the inserts so far.
    pub fn false_positive_rate(&self) -> f64 {
        let m = (1u64 << BITS_LOG2) as f64;
        let k = HASHES as f64;
        (1.0 - (-k * self.inserted as f64 / m).exp()).powf(k)
    }
}

fn bits(id: &str) -> impl Iterator<Item = u64> {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    let a = h.finish();
    let b = mix(a) | 1;
    let mask = (1u64 << BITS_LOG2) - 1;
    (0..HASHES).map(move |i| a.wrapping_add(i.wrapping_mul(b)) & mask)
}

/// splitmix64's finaliser: a second hash derived from the first.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_saw_and_rarely_imagines_more() {
        let mut seen = Seen::default();
        for i in 0..100_000 {
            seen.insert(&format!("event-{i}"));
        }
        assert!((0..100_000).all(|i| seen.contains(&format!("event-{i}"))));
        let imagined = (0..100_000)
            .filter(|i| seen.contains(&format!("other-{i}")))
            .count();
        assert!(imagined <= 1, "{imagined} false positives");
        assert!(seen.false_positive_rate() < 1e-9);
    }
}
