//! Link options for the release binary only.
//!
//! `-z pack-relative-relocs` stores the binary's relative relocations (about 14,600 of them,
//! 350 KB of `.rela.dyn`) as a compact RELR table that the loader applies in a tight loop: a
//! shorter start for every short command such as `endpoint status`. GNU ld 2.38 and later pack
//! them only when the C library supports RELR (glibc 2.36 and later) and ignore the option
//! otherwise, so it is safe to pass wherever the binary is built for GNU/Linux.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if release && os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
