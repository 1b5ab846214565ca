"""Writing a method golden: golden.json (inputs, ids, notes) and golden.safetensors (float64 reference outputs).

Both are written deterministically (sorted JSON keys, fixed formatting, safetensors in the official layout through
tools/fixtures/st_io.py), so rerunning a generator rewrites byte-identical files.
"""

import json
import pathlib
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "fixtures"))
import st_io  # noqa: E402

EASYEDIT_COMMIT = "14cea8245f06715684592ab55184939b99d70784"


def _array(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def write(out, tensors, info):
    """Writes `out`/golden.safetensors (every tensor as F64, or I64 when integral) and `out`/golden.json (`info`).

    tensors: dict name -> torch tensor or array; info: JSON-able dict (inputs, ids, notes, tolerance...).
    """
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stored = {}
    for name, value in tensors.items():
        array = _array(value)
        if not np.all(np.isfinite(array)):
            raise ValueError(f"golden tensor {name} holds NaN or infinity")
        integral = np.issubdtype(array.dtype, np.integer) or array.dtype == np.bool_
        stored[name] = ("I64", array.astype(np.int64)) if integral else ("F64", array.astype(np.float64))
    st_io.write(out / "golden.safetensors", stored)
    meta = dict(info)
    meta.setdefault("easyedit_commit", EASYEDIT_COMMIT)
    (out / "golden.json").write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
