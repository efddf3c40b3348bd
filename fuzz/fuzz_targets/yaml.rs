//! The core's own YAML reader on arbitrary text: an error or documents, never a panic, a stack
//! overflow or an explosion of aliases.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = etcdtls_core::fuzzing::yaml(text);
});
