//! The seeded generator behind every random body.

use std::{
    env,
    time::{SystemTime, UNIX_EPOCH},
};

/// xorshift64: small, seeded, the same sequence on every machine, so a failure can be replayed.
/// Lean enough that the suite needs no property-testing crate.
#[derive(Debug, Clone)]
pub struct Rng(u64);

/// `HOSTILE_SEED` to replay a run, else a new seed each run (reported with any loss).
pub fn seed() -> u64 {
    env::var("HOSTILE_SEED")
        .ok()
        .and_then(|seed| seed.trim().parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |since| since.as_nanos() as u64)
        })
}

impl Rng {
    /// Stream `stream` of `seed`: independent sequences for parallel clients (splitmix64 mixes
    /// them; xorshift must never start at 0).
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut mixed =
            seed.wrapping_add(stream.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Self((mixed ^ (mixed >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            items.swap(index, self.below(index + 1));
        }
    }
}
