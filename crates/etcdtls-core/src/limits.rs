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
