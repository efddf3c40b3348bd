//! Just enough of bbolt's file format to do what `etcdctl snapshot status` does with a
//! snapshot: walk every bucket in key order, hash bucket names, keys and values with CRC-32C,
//! count the keys, find the last revision, and report the file's size as bolt sees it.
//!
//! Read-only and bounds-checked: a damaged or foreign file is an error that says where it
//! went wrong, never a panic. The layout (bbolt 1.3, as etcd 3.4 writes it): two meta pages
//! at the start, the newer valid one names the root bucket's page; branch pages hold
//! (key, child page) elements, leaf pages hold (flags, key, value) elements; a bucket's value
//! starts with its root page id and sequence, and a root of 0 means the bucket's single leaf
//! page is stored inline right after that header.

const MAGIC: u32 = 0xED0C_DAED;
const VERSION: u32 = 2;
const PAGE_HEADER: usize = 16;
const BRANCH: u16 = 0x01;
const LEAF: u16 = 0x02;
const META: u16 = 0x04;
const BUCKET_LEAF: u32 = 0x01;
const ELEMENT: usize = 16;
/// A path of buckets deeper than this is a loop in a damaged file.
const MAX_DEPTH: usize = 64;

/// What `etcdctl snapshot status` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbStatus {
    /// CRC-32C (Castagnoli) of every bucket name, key and value, in bolt's order.
    pub hash: u32,
    /// The main revision of the last key in the `key` bucket.
    pub revision: i64,
    /// Keys in all buckets.
    pub total_keys: u64,
    /// The database's size: its high-water page id times the page size.
    pub total_size: u64,
}

/// Reads a bolt database (an etcd snapshot or `member/snap/db`).
pub fn status(data: &[u8]) -> Result<DbStatus, String> {
    let db = Db::open(data)?;
    let mut crc = Crc32c::new();
    let mut revision = 0i64;
    let mut total_keys = 0u64;
    let mut top = Vec::new();
    db.walk(Node::Page(db.root), 0, &mut |k, v, flags| {
        top.push((k.to_vec(), v.to_vec(), flags));
        Ok(())
    })?;
    for (name, value, flags) in top {
        if flags & BUCKET_LEAF == 0 {
            return Err(format!("cannot get hash of bucket {}", String::from_utf8_lossy(&name)));
        }
        crc.update(&name);
        let is_key_bucket = name == b"key";
        let root = db.bucket_root(&value)?;
        db.walk(root, 0, &mut |k, v, flags| {
            crc.update(k);
            // bbolt's ForEach gives a nested bucket's value as nil.
            if flags & BUCKET_LEAF == 0 {
                crc.update(v);
            }
            if is_key_bucket && k.len() >= 8 {
                let mut main = [0u8; 8];
                main.copy_from_slice(&k[..8]);
                revision = i64::from_be_bytes(main);
            }
            total_keys += 1;
            Ok(())
        })?;
    }
    Ok(DbStatus {
        hash: crc.finish(),
        revision,
        total_keys,
        total_size: db.high_water * db.page_size as u64,
    })
}

/// Where a tree's pages are: in the file, or inline in a bucket's value.
enum Node<'a> {
    Page(u64),
    Inline(&'a [u8]),
}

struct Db<'a> {
    data: &'a [u8],
    page_size: usize,
    root: u64,
    high_water: u64,
    /// Pages read so far: a sound file reads each page once, so more than the file holds
    /// means pages that point back at each other.
    visits: std::cell::Cell<usize>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8).map(|s| {
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        u64::from_le_bytes(a)
    })
}

/// FNV-1a, 64 bits: bolt's meta page checksum.
fn fnv64a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Meta {
    page_size: usize,
    root: u64,
    high_water: u64,
    txid: u64,
}

/// A meta page at `at`, if it is one and its checksum holds.
fn meta_at(data: &[u8], at: usize) -> Option<Meta> {
    let flags = u16_at(data, at + 8)?;
    let m = at + PAGE_HEADER;
    if flags & META == 0 || u32_at(data, m)? != MAGIC || u32_at(data, m + 4)? != VERSION {
        return None;
    }
    let checksum = u64_at(data, m + 56)?;
    if fnv64a(data.get(m..m + 56)?) != checksum {
        return None;
    }
    Some(Meta {
        page_size: u32_at(data, m + 8)? as usize,
        root: u64_at(data, m + 16)?,
        high_water: u64_at(data, m + 40)?,
        txid: u64_at(data, m + 48)?,
    })
}

impl<'a> Db<'a> {
    fn open(data: &'a [u8]) -> Result<Db<'a>, String> {
        let first = meta_at(data, 0);
        let second = first
            .as_ref()
            .and_then(|m| meta_at(data, m.page_size))
            .or_else(|| [4096usize, 8192, 16384, 65536].iter().find_map(|&ps| meta_at(data, ps)));
        let meta = match (first, second) {
            (Some(a), Some(b)) => {
                if b.txid > a.txid {
                    b
                } else {
                    a
                }
            }
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => {
                return Err("invalid database: no valid bolt meta page (not an etcd snapshot or db file)".into());
            }
        };
        if !(512..=1 << 20).contains(&meta.page_size) {
            return Err(format!("invalid database: page size {}", meta.page_size));
        }
        Ok(Db {
            data,
            page_size: meta.page_size,
            root: meta.root,
            high_water: meta.high_water,
            visits: std::cell::Cell::new(0),
        })
    }

    /// The page with id `id`, overflow pages included.
    fn page(&self, id: u64) -> Result<&'a [u8], String> {
        let start = (id as usize)
            .checked_mul(self.page_size)
            .ok_or_else(|| format!("page {id} is out of range"))?;
        let overflow =
            u32_at(self.data, start + 12).ok_or_else(|| format!("page {id} is beyond the end of the file"))?;
        let len = (overflow as usize + 1)
            .checked_mul(self.page_size)
            .ok_or_else(|| format!("page {id} is too long"))?;
        self.data
            .get(start..start.saturating_add(len))
            .or_else(|| self.data.get(start..))
            .ok_or_else(|| format!("page {id} is beyond the end of the file"))
    }

    /// A bucket's tree, from its value in the parent.
    fn bucket_root(&self, value: &'a [u8]) -> Result<Node<'a>, String> {
        let root = u64_at(value, 0).ok_or("a bucket's header is cut short")?;
        if root == 0 {
            Ok(Node::Inline(&value[16.min(value.len())..]))
        } else {
            Ok(Node::Page(root))
        }
    }

    /// Calls `f(key, value, flags)` for each leaf element under `node`, in key order.
    fn walk(
        &self,
        node: Node<'a>,
        depth: usize,
        f: &mut dyn FnMut(&'a [u8], &'a [u8], u32) -> Result<(), String>,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("the page tree is deeper than any real database (damaged file)".into());
        }
        let (page, what) = match node {
            Node::Page(id) => {
                self.visits.set(self.visits.get() + 1);
                if self.visits.get() > self.data.len() / self.page_size + 2 {
                    return Err(format!("page {id} is reached twice (damaged file)"));
                }
                (self.page(id)?, format!("page {id}"))
            }
            Node::Inline(p) => (p, "an inline bucket".to_string()),
        };
        let flags = u16_at(page, 8).ok_or_else(|| format!("{what} is cut short"))?;
        let count = u16_at(page, 10).ok_or_else(|| format!("{what} is cut short"))? as usize;
        for i in 0..count {
            let e = PAGE_HEADER + i * ELEMENT;
            let cut = || format!("{what}: element {i} is cut short");
            if flags & LEAF != 0 {
                let eflags = u32_at(page, e).ok_or_else(cut)?;
                let pos = u32_at(page, e + 4).ok_or_else(cut)? as usize;
                let ksize = u32_at(page, e + 8).ok_or_else(cut)? as usize;
                let vsize = u32_at(page, e + 12).ok_or_else(cut)? as usize;
                let k_start = e + pos;
                let key = page.get(k_start..k_start + ksize).ok_or_else(cut)?;
                let value = page.get(k_start + ksize..k_start + ksize + vsize).ok_or_else(cut)?;
                f(key, value, eflags)?;
            } else if flags & BRANCH != 0 {
                let child = u64_at(page, e + 8).ok_or_else(cut)?;
                self.walk(Node::Page(child), depth + 1, f)?;
            } else {
                return Err(format!("{what} is neither a branch nor a leaf page (flags {flags:#x})"));
            }
        }
        Ok(())
    }
}

/// CRC-32C (Castagnoli), as Go's `crc32.MakeTable(crc32.Castagnoli)`.
struct Crc32c {
    table: [u32; 256],
    crc: u32,
}

impl Crc32c {
    fn new() -> Self {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { (c >> 1) ^ 0x82F6_3B78 } else { c >> 1 };
            }
            *slot = c;
        }
        Crc32c { table, crc: !0 }
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.crc = self.table[((self.crc ^ b as u32) & 0xff) as usize] ^ (self.crc >> 8);
        }
    }

    fn finish(&self) -> u32 {
        !self.crc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_check_value() {
        let mut c = Crc32c::new();
        c.update(b"123456789");
        assert_eq!(c.finish(), 0xE306_9283);
    }

    #[test]
    fn foreign_files_are_errors_not_panics() {
        assert!(status(b"").is_err());
        assert!(status(&[0u8; 10000]).is_err());
        assert!(status(&[0xffu8; 9000]).is_err());
    }
}
