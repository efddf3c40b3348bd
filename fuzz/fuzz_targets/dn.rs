//! Distinguished names printed as OpenSSL prints them, from arbitrary DER: every string type,
//! escape and unknown attribute type, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|der: &[u8]| {
    let _ = etcdtls_core::fuzzing::distinguished_name(der);
});
