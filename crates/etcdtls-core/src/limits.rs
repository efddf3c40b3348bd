//! Limits on input size. Inputs beyond them get an error naming the input, never an abort.
//!
//! They are generous for certificate work (the whole of a kubeadm `/etc/kubernetes` is under
//! 100 KiB; the system CA bundle is about 220 KiB) and small enough that a wrong file (a disk
//! image, a log) is refused at once.

/// The largest input read, in bytes: 4 MiB.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The most PEM blocks read from one input.
pub const MAX_BLOCKS_PER_INPUT: usize = 2_000;

/// The most items in one report.
pub const MAX_ITEMS: usize = 5_000;
