//! Hash maps compiled once.
//!
//! Every `std::collections::HashMap<K, V>` compiles its own copy of the hash table's growth,
//! lookup and drop code; the core's thirty maps of different key and value types cost the web
//! page's wasm about 60 KB before wasm-opt. [`Map`] keeps its entries in a vector and looks them
//! up through one table of hashes, `HashMap<u64, usize>`, which is compiled once for every map;
//! only the thin layer that hashes and compares keys is compiled per type. Lookups and inserts
//! stay O(1) on average; keys are hashed with a randomly keyed SipHash, as std's are.
//!
//! The API is the subset of `HashMap`'s the core uses. There is no removal and no iteration
//! (so no order to depend on).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// No entry: the end of a chain of entries whose keys share a hash.
const NONE: usize = usize::MAX;

/// Passes an already computed hash through (the keys of the table of hashes are hashes).
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; any other write still mixes in, for completeness.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The one table every map shares the code of: a key's hash to its first entry.
type Heads = HashMap<u64, usize, BuildHasherDefault<PassThrough>>;

/// A hash map (see the module's documentation).
#[derive(Clone)]
pub struct Map<K, V> {
    hasher: RandomState,
    heads: Heads,
    /// Each entry: its key, its value, and the next entry whose key has the same hash.
    entries: Vec<(K, V, usize)>,
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map {
            hasher: RandomState::new(),
            heads: Heads::default(),
            entries: Vec::new(),
        }
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v, _)| (k, v)))
            .finish()
    }
}

/// Where a key is, or where it would be linked in.
#[derive(Debug)]
enum Slot {
    Found(usize),
    /// Not present; the last entry of its hash's chain, if the hash has one.
    Absent(Option<usize>),
}

impl<K: Hash + Eq, V> Map<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn slot<Q: Hash + Eq + ?Sized>(&self, hash: u64, key: &Q) -> Slot
    where
        K: Borrow<Q>,
    {
        let Some(&head) = self.heads.get(&hash) else {
            return Slot::Absent(None);
        };
        let mut at = head;
        loop {
            let (k, _, next) = &self.entries[at];
            if k.borrow() == key {
                return Slot::Found(at);
            }
            if *next == NONE {
                return Slot::Absent(Some(at));
            }
            at = *next;
        }
    }

    /// Appends a new entry for a key known to be absent.
    fn push(&mut self, hash: u64, last: Option<usize>, key: K, value: V) -> usize {
        let at = self.entries.len();
        self.entries.push((key, value, NONE));
        match last {
            Some(last) => self.entries[last].2 = at,
            None => {
                self.heads.insert(hash, at);
            }
        }
        at
    }

    /// The value of a key.
    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        match self.slot(self.hasher.hash_one(key), key) {
            Slot::Found(at) => Some(&self.entries[at].1),
            Slot::Absent(_) => None,
        }
    }

    /// Whether the map has a key.
    pub fn contains_key<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(key).is_some()
    }

    /// Sets a key's value; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hasher.hash_one(&key);
        match self.slot(hash, &key) {
            Slot::Found(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Slot::Absent(last) => {
                self.push(hash, last, key, value);
                None
            }
        }
    }

    /// A key's entry, to read or fill in place.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = self.hasher.hash_one(&key);
        let slot = self.slot(hash, &key);
        Entry {
            map: self,
            key,
            hash,
            slot,
        }
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for Map<K, V> {
    /// Later values of a key replace earlier ones, as in `HashMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

/// A key's place in a [`Map`], from [`Map::entry`].
#[derive(Debug)]
pub struct Entry<'a, K, V> {
    map: &'a mut Map<K, V>,
    key: K,
    hash: u64,
    slot: Slot,
}

impl<'a, K: Hash + Eq, V> Entry<'a, K, V> {
    /// The value, after inserting `value` if the key had none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        let at = match self.slot {
            Slot::Found(at) => at,
            Slot::Absent(last) => self.map.push(self.hash, last, self.key, value),
        };
        &mut self.map.entries[at].1
    }

    /// The value, after inserting the default value if the key had none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert(V::default())
    }
}

/// A hash set on [`Map`]'s shared table.
#[derive(Clone, Debug, Default)]
pub struct Set<K>(Map<K, ()>);

impl<K: Hash + Eq> Set<K> {
    /// An empty set.
    pub fn new() -> Self {
        Set(Map::new())
    }

    /// Adds a key; whether it was new.
    pub fn insert(&mut self, key: K) -> bool {
        self.0.insert(key, ()).is_none()
    }

    /// Whether the set has a key.
    pub fn contains<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(key)
    }
}

impl<K: Hash + Eq> FromIterator<K> for Set<K> {
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        Set(iter.into_iter().map(|k| (k, ())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys whose hashes collide on purpose, to walk the chains.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Colliding(u32);

    impl Hash for Colliding {
        fn hash<H: Hasher>(&self, state: &mut H) {
            (self.0 % 3).hash(state);
        }
    }

    #[test]
    fn behaves_like_std_hashmap() {
        let mut ours: Map<String, usize> = Map::new();
        let mut std: HashMap<String, usize> = HashMap::new();
        let mut seed = 11u64;
        for _ in 0..5000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let key = format!("k{}", (seed >> 33) % 700);
            let value = (seed >> 20) as usize % 1000;
            if (seed >> 40).is_multiple_of(2) {
                assert_eq!(ours.insert(key.clone(), value), std.insert(key.clone(), value));
            } else {
                *ours.entry(key.clone()).or_default() += value;
                *std.entry(key.clone()).or_default() += value;
            }
            assert_eq!(ours.get(key.as_str()), std.get(key.as_str()));
        }
        assert_eq!(ours.len(), std.len());
        for (k, v) in &std {
            assert_eq!(ours.get(k), Some(v));
        }
        assert_eq!(ours.get("absent"), None);
    }

    #[test]
    fn colliding_keys_are_told_apart() {
        let mut map: Map<Colliding, u32> = (0..30).map(|i| (Colliding(i), i * 10)).collect();
        for i in 0..30 {
            assert_eq!(map.get(&Colliding(i)), Some(&(i * 10)));
        }
        assert_eq!(map.get(&Colliding(30)), None);
        assert_eq!(map.insert(Colliding(4), 1), Some(40));
        assert_eq!(*map.entry(Colliding(4)).or_insert(7), 1);
        assert_eq!(*map.entry(Colliding(31)).or_insert(7), 7);
        assert_eq!(map.len(), 31);
    }

    #[test]
    fn sets_say_whether_a_key_was_new() {
        let mut set = Set::new();
        assert!(set.insert("a"));
        assert!(!set.insert("a"));
        assert!(set.contains("a"));
        assert!(!set.contains("b"));
        let set: Set<&str> = ["x", "y", "x"].into_iter().collect();
        assert!(set.contains("x") && set.contains("y"));
    }
}
