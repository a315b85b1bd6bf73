//! Rows grouped under a key, every group in one list. The plan holds tens of
//! thousands of small groups (each evidence item's findings and actions, each
//! action's updates); a list of its own for each, under a hash map, cost an
//! allocation and a list header per group: about 3 MB on the large authority,
//! and scattered small blocks the allocator could not give back.

use std::collections::HashMap;
use std::hash::Hash;

/// Values grouped under keys, each group in the order its values came.
#[derive(Debug, Clone)]
pub struct Grouped<K, V> {
    /// Where each key's group starts in `values`, and its length.
    spans: HashMap<K, (u32, u32)>,
    values: Vec<V>,
}

impl<K, V> Default for Grouped<K, V> {
    fn default() -> Self {
        Self { spans: HashMap::new(), values: Vec::new() }
    }
}

impl<K: Hash + Eq + Copy, V> Grouped<K, V> {
    /// Groups `pairs` by key, keeping the order they came in within each group.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        // Each key ranked by its first pair; a stable sort by rank puts each
        // group together, its values in the order they came.
        let (mut rank_of, mut keys) = (HashMap::new(), Vec::new());
        let mut ranked: Vec<(u32, V)> = pairs
            .into_iter()
            .map(|(key, value)| {
                let rank = *rank_of.entry(key).or_insert_with(|| {
                    keys.push(key);
                    (keys.len() - 1) as u32
                });
                (rank, value)
            })
            .collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        let mut spans = HashMap::with_capacity(keys.len());
        let mut start = 0;
        for group in ranked.chunk_by(|a, b| a.0 == b.0) {
            spans.insert(keys[group[0].0 as usize], (start, group.len() as u32));
            start += group.len() as u32;
        }
        // Collected in place, the list would keep the room the (rank, value) pairs took.
        let mut values: Vec<V> = ranked.into_iter().map(|(_, v)| v).collect();
        values.shrink_to_fit();
        Self { spans, values }
    }

    fn group(&self, &(start, len): &(u32, u32)) -> &[V] {
        &self.values[start as usize..(start + len) as usize]
    }

    /// The values grouped under `key`, if any.
    pub fn get(&self, key: &K) -> Option<&[V]> {
        self.spans.get(key).map(|span| self.group(span))
    }

    /// Whether any value is grouped under `key`.
    pub fn contains_key(&self, key: &K) -> bool {
        self.spans.contains_key(key)
    }

    /// Each key with its group, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &[V])> {
        self.spans.iter().map(|(key, span)| (key, self.group(span)))
    }

    /// Each group, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &[V]> {
        self.iter().map(|(_, group)| group)
    }

    /// Every value of every group, group by group.
    pub fn all(&self) -> &[V] {
        &self.values
    }

    /// How many values the list has room for: as many as it holds, once built.
    pub fn capacity(&self) -> usize {
        self.values.capacity()
    }

    /// How many keys have a group.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether no key has a group.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_holds_its_values_in_the_order_they_came() {
        let grouped = Grouped::from_pairs([(2, "b1"), (1, "a1"), (2, "b2"), (3, "c1"), (1, "a2"), (2, "b3")]);
        assert_eq!(grouped.get(&1), Some(&["a1", "a2"][..]));
        assert_eq!(grouped.get(&2), Some(&["b1", "b2", "b3"][..]));
        assert_eq!(grouped.get(&3), Some(&["c1"][..]));
        assert_eq!(grouped.get(&4), None);
        assert_eq!(grouped.len(), 3);
        assert!(grouped.contains_key(&3) && !grouped.contains_key(&4));
        let mut every: Vec<&str> = grouped.values().flatten().copied().collect();
        every.sort_unstable();
        assert_eq!(every, ["a1", "a2", "b1", "b2", "b3", "c1"]);
        assert_eq!(grouped.all().len(), 6);
        assert_eq!(grouped.capacity(), 6, "no room kept beyond the values");
    }

    #[test]
    fn no_pairs_make_no_groups() {
        let grouped: Grouped<i64, i64> = Grouped::from_pairs([]);
        assert!(grouped.is_empty());
        assert_eq!(grouped.get(&1), None);
        assert_eq!(grouped.values().count(), 0);
    }
}
