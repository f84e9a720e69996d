//! The event ids seen so far, in fixed memory, for checking that a `causation_id` names an
//! earlier event; and the causations not yet seen, for catching an effect recorded before its
//! cause.
//!
//! A blocked Bloom filter of 2^27 bits (16 MiB): each id sets 7 bits inside one 512-bit block,
//! so a lookup touches one cache line. Memory does not grow with the log. It can answer "seen"
//! for an id never seen (a missed finding, never a false one); the chance stays under one in a
//! million up to about 2 million events and about 1% at 12 million, and the summary reports it.

use std::hash::BuildHasher;

const BITS_LOG2: u32 = 27;
const BLOCK_WORDS: usize = 8;
const BLOCK_BITS: u64 = 512;
const HASHES: u32 = 7;

/// Event ids seen, as a blocked Bloom filter.
pub struct Seen {
    words: Vec<u64>,
    inserted: u64,
    hasher: foldhash::quality::FixedState,
}

impl Default for Seen {
    fn default() -> Self {
        Self {
            words: vec![0; 1 << (BITS_LOG2 - 6)],
            inserted: 0,
            hasher: foldhash::quality::FixedState::with_seed(0x5eed),
        }
    }
}

impl Seen {
    /// Records an id.
    pub fn insert(&mut self, id: &str) {
        let (block, bits) = self.locate(id);
        for (i, word) in bits.iter().enumerate() {
            self.words[block + i] |= word;
        }
        self.inserted += 1;
    }

    /// True when the id was (probably) recorded; false when it certainly was not.
    pub fn contains(&self, id: &str) -> bool {
        let (block, bits) = self.locate(id);
        bits.iter()
            .enumerate()
            .all(|(i, word)| self.words[block + i] & word == *word)
    }

    /// The first word of the id's block, and the bits it sets there.
    fn locate(&self, id: &str) -> (usize, [u64; BLOCK_WORDS]) {
        let a = self.hasher.hash_one(id);
        let b = mix(a);
        let blocks = self.words.len() / BLOCK_WORDS;
        let block = (a as usize % blocks) * BLOCK_WORDS;
        let mut bits = [0u64; BLOCK_WORDS];
        for i in 0..HASHES {
            let bit = (b >> (9 * i)) & (BLOCK_BITS - 1);
            bits[(bit >> 6) as usize] |= 1 << (bit & 63);
        }
        (block, bits)
    }

    /// The chance that an id never recorded is reported as seen, after the inserts so far:
    /// the classic estimate per block, averaged over the Poisson spread of ids across blocks.
    pub fn false_positive_rate(&self) -> f64 {
        let blocks = (self.words.len() / BLOCK_WORDS) as f64;
        let lambda = self.inserted as f64 / blocks;
        let upper = (lambda + 12.0 * lambda.sqrt() + 20.0) as u64;
        let mut p = (-lambda).exp();
        let mut rate = 0.0;
        for j in 0..=upper {
            if j > 0 {
                p *= lambda / j as f64;
            }
            let set = 1.0 - (1.0 - 1.0 / BLOCK_BITS as f64).powf(f64::from(HASHES) * j as f64);
            rate += p * set.powi(HASHES as i32);
        }
        rate
    }
}

/// Causation ids named before any event carried them, each with the line that named it. Under
/// the common convention most of them name commands, which never appear in the log, so memory
/// is bounded by generations: when the newer one holds [`GENERATION`] ids, the older one is
/// dropped. An effect is caught whenever its cause follows within that many named causations.
/// Ids are kept as 64-bit hashes; two ids colliding is a chance of about one in 10^12 for a
/// log of 10 million events.
pub struct Pending {
    newer: foldhash::HashMap<u64, u64>,
    older: foldhash::HashMap<u64, u64>,
    hasher: foldhash::quality::FixedState,
}

/// Causation ids per generation of [`Pending`].
pub const GENERATION: usize = 1 << 19;

impl Default for Pending {
    fn default() -> Self {
        Self {
            newer: foldhash::HashMap::default(),
            older: foldhash::HashMap::default(),
            hasher: foldhash::quality::FixedState::with_seed(0xca05e),
        }
    }
}

impl Pending {
    /// Remembers that `line` named `id` as its cause before any event carried it.
    pub fn insert(&mut self, id: &str, line: u64) {
        if self.newer.len() >= GENERATION {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.entry(self.hasher.hash_one(id)).or_insert(line);
    }

    /// The first line that named `id` as its cause, if one did and is still remembered.
    pub fn named_by(&self, id: &str) -> Option<u64> {
        let h = self.hasher.hash_one(id);
        self.older.get(&h).or_else(|| self.newer.get(&h)).copied()
    }
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
        assert!(seen.false_positive_rate() < 1e-6);
    }

    #[test]
    fn pending_causes_are_remembered_for_a_generation_and_more() {
        let mut pending = Pending::default();
        pending.insert("cmd-1", 7);
        pending.insert("cmd-1", 9);
        assert_eq!(pending.named_by("cmd-1"), Some(7));
        assert_eq!(pending.named_by("cmd-2"), None);
        for i in 0..GENERATION {
            pending.insert(&format!("c-{i}"), 10 + i as u64);
        }
        assert_eq!(
            pending.named_by("cmd-1"),
            Some(7),
            "still in the older generation"
        );
        for i in 0..GENERATION {
            pending.insert(&format!("d-{i}"), 1);
        }
        assert_eq!(pending.named_by("cmd-1"), None, "two generations later");
        assert_eq!(pending.named_by(&format!("d-{}", GENERATION - 1)), Some(1));
    }

    #[test]
    fn the_estimate_grows_with_the_inserts() {
        let mut seen = Seen {
            inserted: 2_000_000,
            ..Seen::default()
        };
        let two_million = seen.false_positive_rate();
        seen.inserted = 12_000_000;
        let twelve_million = seen.false_positive_rate();
        assert!(two_million < 1e-6, "{two_million}");
        assert!((0.005..0.02).contains(&twelve_million), "{twelve_million}");
    }
}
