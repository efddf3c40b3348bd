#!/usr/bin/env python3
"""What each crate costs in the page's WebAssembly: sums `twiggy top` (shallow sizes of every
function and data segment, in a build that kept its names) by the crate a symbol belongs to,
as `cargo bloat --crates` does natively. A generic function counts for the crate that defines
it (`alloc::vec::Vec<yew::Html>::push` is alloc's), as in cargo bloat.

    twiggy top -n 1000000 --format csv module.wasm | scripts/wasm-breakdown.py [TOP]
"""

import csv
import re
import sys
from collections import defaultdict

# Symbols of the standard library's crates are reported as one "std" line.
STD = {"std", "core", "alloc", "compiler_builtins", "panic_abort", "panic_unwind", "hashbrown",
       "dlmalloc", "rustc_demangle", "std_detect", "__rustc", "memchr_std"}


def crate_of(name: str):
    """The crate a twiggy item belongs to; None for custom sections the release build drops."""
    if "subsection" in name or name.startswith("custom section") or name.startswith("producers"):
        return None
    if name.startswith("data segment") or name.startswith("data[") or name.startswith(".rodata"):
        return "(data: strings and tables)"
    if re.match(r"^(code|elem|type|import|export|table|global|func|custom section|wasm-bindgen)\b", name) or name.startswith('"'):
        return "(wasm sections, unnamed code)"
    n = name.strip()
    # <A as B>::f and <A>::f: the crate of A.
    while n.startswith("<"):
        n = n[1:]
    for prefix in ("&mut ", "&", "mut ", "dyn ", "*const ", "*mut ", "[", "("):
        while n.startswith(prefix):
            n = n[len(prefix):]
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::", n)
    if not m:
        if n.startswith("__wbg") or n.startswith("__wbindgen") or n.startswith("wasm_bindgen"):
            return "wasm_bindgen"
        if n.startswith("str>") or n.startswith("T as ") or n.startswith("F as ") or n.startswith("I as "):
            return "std/core/alloc" if n.startswith("str>") else "(generic glue: " + n[:20] + ")"
        return "(other: " + (n.split("(")[0][:30] or "?") + ")"
    crate = m.group(1)
    if crate in STD:
        return "std/core/alloc"
    return crate


def main() -> None:
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    sizes = defaultdict(int)
    total = 0
    for row in csv.DictReader(sys.stdin):
        size = int(row.get("ShallowSize") or row.get("Shallow Size") or 0)
        name = row.get("Name") or ""
        if name.startswith("Σ") or name.startswith("..."):
            continue
        crate = crate_of(name)
        if crate is None:
            continue
        sizes[crate] += size
        total += size
    print(f"{'bytes':>9}  {'share':>6}  crate")
    others = 0
    for i, (crate, size) in enumerate(sorted(sizes.items(), key=lambda kv: -kv[1])):
        if i < top:
            print(f"{size:>9}  {100 * size / total:5.1f}%  {crate}")
        else:
            others += size
    if others:
        print(f"{others:>9}  {100 * others / total:5.1f}%  (the rest)")
    print(f"{total:>9}  100.0%  total")


if __name__ == "__main__":
    main()
