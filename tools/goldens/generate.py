#!/usr/bin/python3
"""Writes the method goldens: `/usr/bin/python3 tools/goldens/generate.py [method ...]` (all when none named).

Each method's generator is tools/goldens/<method>.py with a function `generate(out)`; its fixture directory,
spi-methods/src/test/resources/goldens/<method>/, is deleted and rewritten. Prints one line per method with the
sha256 over its files: rerun and compare to see the output is byte-identical. Needs Debian's python3-torch
(float64, autograd) and numpy.
"""

import hashlib
import importlib
import pathlib
import shutil
import sys

import torch

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDENS = ROOT / "spi-methods" / "src" / "test" / "resources" / "goldens"
NOT_GENERATORS = {"generate", "model", "goldens"}
MAX_BYTES = 1_000_000


def generators():
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in NOT_GENERATORS and
                  "def generate(" in p.read_text(encoding="utf-8"))


def digest(directory):
    h = hashlib.sha256()
    for f in sorted(directory.rglob("*")):
        if f.is_file():
            h.update(f.relative_to(directory).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def main(names):
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    sys.path.insert(0, str(HERE))
    available = generators()
    for name in names or available:
        if name not in available:
            sys.exit(f"no generator tools/goldens/{name}.py with generate(out); available: {', '.join(available)}")
        out = GOLDENS / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        importlib.import_module(name).generate(out)
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        if size > MAX_BYTES:
            sys.exit(f"{out}: {size} bytes, over the {MAX_BYTES} budget")
        print(f"{name}: {size} bytes, sha256 {digest(out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
