//! Stable sorting compiled once.
//!
//! The standard library's `sort_by_key` is compiled anew for every element, key and closure
//! type: the web page's wasm carried a dozen copies of its sort (about 50 KB before wasm-opt).
//! [`sort_by_key`] sorts a list of indices with one comparator type, so the standard sort is
//! compiled once; only the small reordering step is compiled per element type. The result is
//! the standard library's: stable (equal keys keep their order), in O(n log n).

use std::cmp::Ordering;

/// The indices `0..len` in the stable order `compare` gives them.
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `list` by `key`, as `list.sort_by_key(key)` does: stable, the key computed for each
/// comparison.
pub fn sort_by_key<T, K: Ord>(list: &mut [T], key: impl Fn(&T) -> K) {
    let order = stable_order(list.len(), &|a, b| key(&list[a]).cmp(&key(&list[b])));
    permute(list, order);
}

/// Moves `list[order[i]]` to position `i`, for every `i`, following each cycle of the
/// permutation once (O(n) swaps).
fn permute<T>(list: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut i = start;
        while order[i] != DONE {
            let from = order[i];
            order[i] = DONE;
            if from == start {
                break;
            }
            list.swap(i, from);
            i = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no random crate.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn sorts_like_the_standard_library_and_stays_stable() {
        let mut seed = 7;
        for len in [0usize, 1, 2, 3, 5, 17, 64, 300, 2000] {
            for range in [1u64, 3, 1000] {
                // (key, original position): stability shows in the positions of equal keys.
                let list: Vec<(u64, usize)> = (0..len).map(|i| (lcg(&mut seed) % range, i)).collect();
                let mut ours = list.clone();
                sort_by_key(&mut ours, |e| e.0);
                let mut std = list.clone();
                std.sort_by_key(|e| e.0);
                assert_eq!(ours, std, "len {len}, range {range}");
            }
        }
    }

    #[test]
    fn sorts_by_reversed_and_compound_keys() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date", "plum"];
        sort_by_key(&mut words, |w| (std::cmp::Reverse(w.len()), *w));
        assert_eq!(words, ["apple", "date", "kiwi", "pear", "plum", "fig"]);
    }
}
