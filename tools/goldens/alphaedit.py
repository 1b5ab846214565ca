"""AlphaEdit golden: an independent float64 transcription of EasyEdit's (commit 14cea82) easyeditor/models/alphaedit/
AlphaEdit_main.py, written from its semantics: get_project (P = U_s U_s^T over the singular vectors of C whose singular
values are under nullspace_threshold), execute_AlphaEdit (MEMIT's targets, keys and spread residual, then per layer
upd^T = solve(P (K K^T + cache_c) + L2 I, P K resid^T); after the layer loop, with every update in force, cache_c += K K^T
per layer) and apply_AlphaEdit_to_model (cache_c is module state: it carries over to the next call, whether or not the
weights were restored in between). compute_z / compute_ks are MEMIT's (tools/goldens/memit.py, locate.py).

Two calls: call 1 edits requests 0 and 1 of memit.py's on the GPT-2 fixture's base weights; call 2 edits request 2
(a) sequentially, on the weights call 1 left (EasyEdit's sequential_edit=True), and (b) non-sequentially, on the
restored base weights (sequential_edit=False: the editor restores the weights, never cache_c); both with the cache
call 1 left. Statistics and templates are committed inputs: memit.py's (the same statistics files, under
goldens/memit/stats).
"""

import pathlib

import torch

import goldens
import hf_tok
import memit
import model as model_py

NULLSPACE_THRESHOLD = 2e-2
L2 = 1.0


def projector(c, threshold):
    """get_project: the singular vectors of C with singular values under the threshold, U_s U_s^T."""
    u, s, _ = torch.linalg.svd(c, full_matrices=False)
    small = (s < threshold).nonzero(as_tuple=True)[0]
    return u[:, small] @ u[:, small].T


def call(m, tok, requests, projectors, cache):
    """One apply_AlphaEdit_to_model call: returns the updates ([out, in]) per layer, what each solve used, and the
    cache after the call (cache_c += K K^T with the keys under the updated weights)."""
    def directions(i, keys):
        p = projectors[i]
        a = p @ (keys @ keys.T + cache[i]) + L2 * torch.eye(keys.shape[0], dtype=torch.float64)
        return torch.linalg.solve(a, p @ keys)

    after_keys = []

    def after(model):
        for layer in memit.LAYERS:
            k = memit.locate.compute_ks(model, tok, layer, requests, memit.CONTEXT_TEMPLATES,
                                        memit.HP["fact_token"]).T
            after_keys.append(k)

    updates, zs, runs, used = memit.execute(m, tok, requests, memit.HP, memit.LAYERS, directions, after)
    new_cache = [cache[i] + k @ k.T for i, k in enumerate(after_keys)]
    return updates, zs, runs, used, new_cache, after_keys


def generate(out):
    out = pathlib.Path(out)
    m = model_py.fixture(memit.MODEL)
    tok = hf_tok.Tokenizer(model_py.FIXTURES / memit.MODEL / "tokenizer.json")
    mlp = memit.mlp_width(m)
    covs = [memit.statistics(mlp, 100 + l, (1e-3, 1e-2), (0.05, 0.5), mlp // 4) for l in memit.LAYERS]
    # the statistics are memit.py's (same generator and seeds): the Java test reads goldens/memit/stats
    projectors = [projector(c, NULLSPACE_THRESHOLD) for c in covs]
    requests = memit.prepare(memit.REQUESTS)
    zero = [torch.zeros(mlp, mlp, dtype=torch.float64) for _ in memit.LAYERS]

    first, _, runs1, used1, cache1, keys1 = call(m, tok, requests[:2], projectors, zero)
    base = {l: m.mlp_out_weight(l).clone() for l in memit.LAYERS}
    for layer, upd in zip(memit.LAYERS, first):
        m.params[m.mlp_out_name(layer)] = base[layer] + memit.stored(m, upd)
    sequential, _, runs2, used2, cache2, _ = call(m, tok, requests[2:], projectors, cache1)
    for layer in memit.LAYERS:
        m.params[m.mlp_out_name(layer)] = base[layer]
    restored, _, runs3, _, _, _ = call(m, tok, requests[2:], projectors, cache1)

    tensors = {"projector.0": projectors[0]}   # cache1.<layer> = call1.edited_keys.<layer> (its transpose on the right)
    for i, layer in enumerate(memit.LAYERS):
        tensors[f"call1.delta.{layer}"] = first[i]
        tensors[f"call1.keys.{layer}"] = used1[i]["keys"]
        tensors[f"call1.resid.{layer}"] = used1[i]["resid"]
        tensors[f"call1.edited_keys.{layer}"] = keys1[i]
        tensors[f"sequential.delta.{layer}"] = sequential[i]
        tensors[f"sequential.keys.{layer}"] = used2[i]["keys"]
        tensors[f"sequential.resid.{layer}"] = used2[i]["resid"]
        tensors[f"restored.delta.{layer}"] = restored[i]
    notes = ("EasyEdit alphaedit/AlphaEdit_main.py: get_project (SVD of C, singular values < nullspace_threshold), "
             "execute_AlphaEdit (MEMIT's z, keys and resid / (len(layers) - i); upd^T = solve(P (K K^T + cache_c) + L2 I, "
             "P K resid^T); cache_c += K K^T under the updated weights after the layer loop), apply_AlphaEdit_to_model "
             "(cache_c outlives the call). call1: requests 0-1 on the base weights; sequential: request 2 on call 1's "
             "weights; restored: request 2 on the base weights (EasyEdit's non-sequential editor), both with cache1. "
             "*.delta.<layer>: canonical [out, in]. Statistics and templates are inputs.")
    info = memit.info_of(requests, runs1 + runs2 + runs3, memit.HP, {
        "nullspace_threshold": NULLSPACE_THRESHOLD,
        "L2": L2,
        "calls": {"call1": [0, 1], "sequential": [2], "restored": [2]},
        "statistics": "goldens/memit/stats (memit.py's generator and seeds)",
        "notes": notes,
        "tolerance": {"delta": 1e-3, "closed_form": 1e-4},
    })
    goldens.write(out, tensors, info)
