//! A tiny pseudo-random generator seeded from the "as at" date: the same date
//! always gives the same sequence, and no clock or operating-system source is
//! ever read. SplitMix64 (Steele, Lea and Flood, 2014) is enough for demo data.

use chrono::{Datelike, NaiveDate};

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// The stream for a date.
    pub fn for_date(as_at: NaiveDate) -> Self {
        Rng(u64::from(as_at.num_days_from_ce().unsigned_abs()).wrapping_mul(GOLDEN) ^ 0x6D61_726C_7368_6972)
    }

    /// An independent stream for one part of the data (an area, a measure), so
    /// that drawing more numbers in one part never changes another.
    pub fn fork(&self, stream: u64) -> Self {
        let mut seed = Rng(self.0 ^ stream.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(seed.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number from `low` to `high`, both included.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            return low;
        }
        let span = u64::from(high - low) + 1;
        low + u32::try_from(self.next_u64() % span).unwrap_or(0)
    }

    /// A number in 0.0..1.0.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in -1.0..1.0, for a wobble around a level.
    pub fn wobble(&mut self) -> f64 {
        self.unit() * 2.0 - 1.0
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index into a list of `len` items (which must not be empty).
    pub fn index(&mut self, len: usize) -> usize {
        let last = u32::try_from(len.saturating_sub(1)).unwrap_or(u32::MAX);
        self.between(0, last) as usize
    }

    /// One item of a list (which must not be empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_same_date_gives_the_same_numbers_and_another_date_others() {
        let draw = |d| {
            let mut rng = Rng::for_date(date(d));
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw("2025-03-31"), draw("2025-03-31"));
        assert_ne!(draw("2025-03-31"), draw("2025-04-01"));
    }

    #[test]
    fn forks_are_independent_streams() {
        let rng = Rng::for_date(date("2025-03-31"));
        assert_ne!(rng.fork(1).next_u64(), rng.fork(2).next_u64());
        assert_eq!(rng.fork(7).next_u64(), rng.fork(7).next_u64());
    }

    #[test]
    fn numbers_stay_in_their_ranges() {
        let mut rng = Rng::for_date(date("2024-02-29"));
        for _ in 0..10_000 {
            assert!((3..=9).contains(&rng.between(3, 9)));
            assert!((0.0..1.0).contains(&rng.unit()));
            assert!((-1.0..1.0).contains(&rng.wobble()));
        }
        assert_eq!(rng.between(5, 5), 5);
        let mut seen = [false; 4];
        for _ in 0..200 {
            seen[rng.pick(&[0usize, 1, 2, 3])] = true;
        }
        assert!(seen.iter().all(|s| *s), "every item can be picked");
    }
}
