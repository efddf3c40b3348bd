//! Limits on input size. Inputs beyond them get an error naming the input, never an abort.
//!
//! They are generous for certificate work (the whole of a kubeadm `/etc/kubernetes` is under
//! 100 KiB; the system CA bundle is about 220 KiB) and small enough that a wrong file (a disk
//! image, a log) is refused at once. Every step of the analysis is linear in the input, so the
//! byte limit bounds the work of one input, and the item limit that of a whole report (a fleet's
//! certificates, gathered from many files).

/// The largest input read, in bytes: 4 MiB.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The most PEM blocks read from one input: more than a 4 MiB bundle of certificates holds.
pub const MAX_BLOCKS_PER_INPUT: usize = 10_000;

/// The most items in one report.
pub const MAX_ITEMS: usize = 250_000;

/// The deepest nesting of YAML (and JSON) collections read: far deeper than any configuration
/// goes, and shallow enough for a small stack (the web page's WebAssembly has 1 MiB).
pub const MAX_YAML_NESTING: usize = 256;

/// How much a YAML document's anchors and aliases may copy, counted as one per node plus the
/// bytes of its text: aliases of aliases would otherwise grow exponentially from a few lines
/// ("a billion laughs"). Configuration files use a few small anchors, if any.
pub const MAX_YAML_ALIAS_COPY: usize = 1024 * 1024;

/// The most words `check` reads in one command: etcdctl commands have a few dozen. Words after
/// them (a paste of thousands of continuation lines) are not read, which keeps the review's
/// work bounded.
pub const MAX_COMMAND_WORDS: usize = 1024;

/// The most shell variables `check` remembers from a snippet's assignments and `export` lines;
/// later new names are not remembered.
pub const MAX_VARIABLES: usize = 1024;

/// How many bytes `check` lets `$NAME` expansions produce in one snippet; variables after that
/// stay as written. A snippet's variables hold paths and URLs: a few KiB.
pub const MAX_EXPANSION_BYTES: usize = MAX_INPUT_BYTES;
