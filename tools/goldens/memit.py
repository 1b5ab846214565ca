"""MEMIT golden: an independent float64 transcription of EasyEdit's (commit 14cea82) easyeditor/models/memit/
memit_main.py (execute_memit: the target's leading space, z at the last layer, the residual spread over the layers
left, the batch solve with mom2_update_weight * C), compute_z.py (compute_z: target ids, rewriting and KL prompts, the
delta added to the last layer's block output) and compute_ks.py (keys averaged within each group of context templates,
then over the groups), written from their semantics. The key and value maths shared with ROME is tools/goldens/
locate.py's (compute_ks, optimize_delta, words_idxs).

Inputs (committed with the golden): the GPT-2 fixture, three requests in one batch, layers [0, 1], context templates
[["{}"], two texts], and second-moment statistics C per layer, written as EasyEdit's layer_stats files
(stats/gpt2/wikipedia_stats/<module>_float64_mom2_1000.npz: mom2.mom2 = C, mom2.count = 1) with a chosen spectrum.

Outputs: each layer's update in canonical [out, in] layout (EasyEdit adds its transpose to GPT-2's Conv1D weight), the
targets z, the keys, residuals and statistics each layer's closed form used, the loss trajectories and every id
sequence the transcription fed the model.
"""

import io
import pathlib
import zipfile

import numpy as np
import torch

import goldens
import hf_tok
import locate
import model as model_py

LAYERS = [0, 1]
HP = dict(v_lr=0.5, v_num_grad_steps=12, kl_factor=0.0625, v_weight_decay=0.5, clamp_norm_factor=0.75,
          fact_token="subject_last")
MOM2_UPDATE_WEIGHT = 4.0
CONTEXT_TEMPLATES = [["{}"], ["The quick brown fox. {}", "Alice gave Bob a book. {}"]]
# The fixture has two layers, so z sits at the last block's output, where delta reaches the logits only at the fact
# token itself: every prompt ends with its subject (subject_last is the prompt's last token), so that the target's
# first token is predicted there. Targets are fixture words (" fox", " largest city": one and two tokens).
REQUESTS = [
    {"prompt": "Alice gave Bob a small red {}", "subject": "book", "target_new": "fox"},
    {"prompt": "Paris is the capital of {}", "subject": "France", "target_new": "largest city"},
    {"prompt": "The {}", "subject": "quick brown fox", "target_new": "book"},
]
MODEL = "gpt2"
REWRITE_MODULE_TMP = "transformer.h.{}.mlp.c_proj"   # EasyEdit's GPT-2 name (the fixture stores h.*; HF adds transformer.)
MOM2 = dict(mom2_dataset="wikipedia", mom2_dtype="float64", mom2_n_samples=1000)


def memit_spaced(target):
    """execute_memit: a space before the target unless it starts with one."""
    return target if target.startswith(" ") else " " + target


def memit_target_ids(tok, target):
    """compute_z: the spaced target tokenized without special tokens, a first BOS or UNK token dropped."""
    ids = tok.encode(target, add_special_tokens=False)
    return ids[1:] if ids and ids[0] in (tok.bos_id, tok.unk_id) else ids


def statistics(width, seed, small, large, n_small):
    """C = Q diag(s) Q^T: a random orthonormal basis, n_small eigenvalues spread over `small`, the rest over `large`
    (AlphaEdit's null space is the first group: nullspace_threshold lies between)."""
    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(width, width, generator=g, dtype=torch.float64))
    s = torch.cat([torch.linspace(small[0], small[1], n_small, dtype=torch.float64),
                   torch.linspace(large[0], large[1], width - n_small, dtype=torch.float64)])
    s = s[torch.randperm(width, generator=g)]
    c = (q * s) @ q.T
    return (c + c.T) / 2


def write_npz(path, arrays):
    """np.savez's layout (a zip of .npy files), with fixed timestamps so that reruns are byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, buf.getvalue())


def write_statistics(out, covs, model_name=MODEL, module_tmp=REWRITE_MODULE_TMP):
    """EasyEdit's layer_stats file per layer: {stats_dir}/{model}/{ds}_stats/{module}_{dtype}_mom2_{n}.npz."""
    for layer, c in zip(LAYERS, covs):
        module = module_tmp.format(layer)
        name = f"{module}_{MOM2['mom2_dtype']}_mom2_{MOM2['mom2_n_samples']}.npz"
        write_npz(out / "stats" / model_name / f"{MOM2['mom2_dataset']}_stats" / name,
                  {"mom2.mom2": c.numpy(), "mom2.count": np.array(1, dtype=np.int64)})


def block_outputs_at_words(m, tok, layer, requests, fact_token):
    """get_module_input_output_at_words(..., layer_module_tmp, track='out'): the block output of `layer` at each bare
    prompt's fact token; [n, hidden]."""
    rows = []
    for r in requests:
        idx = locate.words_idxs(tok, r["prompt"], r["subject"], fact_token[len("subject_"):])
        seen = {}
        with torch.no_grad():
            m.forward([tok.encode(r["prompt"].format(r["subject"]))],
                      {f"{layer}.resid_out": lambda x: seen.setdefault("z", x)})
        rows.append(seen["z"][0, idx])
    return torch.stack(rows)


def mlp_width(m):
    """The MLP width: GPT-2's Conv1D stores [in, out], LLaMA's nn.Linear [out, in]."""
    w = m.mlp_out_weight(0)
    return w.shape[1] if m.model_type == "llama" else w.shape[0]


def stored(m, upd):
    """A canonical [out, in] update in the weight's storage layout (upd_matrix_match_shape)."""
    return upd if m.model_type == "llama" else upd.T


def prepare(requests):
    """execute_memit's request preparation: the target's space; prompts carry {} for the subject already."""
    return [dict(r, target_new=memit_spaced(r["target_new"])) for r in requests]


def compute_zs(m, tok, requests, hp, z_layer):
    """compute_z for each request: z = target_init + delta at the last layer's block output; [hidden, n]."""
    flat = [c for group in CONTEXT_TEMPLATES for c in group]
    zs, runs = [], []
    for r in requests:
        ids = memit_target_ids(tok, r["target_new"])
        opt = locate.optimize_delta(m, tok, r, flat, z_layer, f"{z_layer}.resid_out", hp, ids,
                                    lookup_input_prompts=False)
        zs.append(opt["target_init"] + opt["delta"])
        runs.append(dict(opt, target_ids=ids))
    return torch.stack(zs, dim=1), runs


def execute(m, tok, requests, hp, layers, key_directions, after=None):
    """execute_memit's layer loop (also AlphaEdit's, whose solve is `key_directions`): per layer, the keys under the
    weights updated so far, the residual still missing at the z layer, spread over the layers left, written with the
    layer's closed form; `after(m)` runs with every update in force, then the weights are restored. Returns the updates
    ([out, in]), the targets and what each layer's solve used."""
    z_layer = layers[-1]
    zs, runs = compute_zs(m, tok, requests, hp, z_layer)
    originals = {l: m.mlp_out_weight(l).clone() for l in layers}
    updates, used = [], []
    for i, layer in enumerate(layers):
        keys = locate.compute_ks(m, tok, layer, requests, CONTEXT_TEMPLATES, hp["fact_token"]).T   # [mlp, n]
        cur = block_outputs_at_words(m, tok, z_layer, requests, hp["fact_token"]).T                # [hidden, n]
        resid = (zs - cur) / (len(layers) - i)
        d = key_directions(i, keys)                                                                 # [mlp, n]
        upd = resid @ d.T                                                                           # [out, in]
        m.params[m.mlp_out_name(layer)] = originals[layer] + stored(m, upd)
        updates.append(upd)
        used.append(dict(keys=keys, resid=resid, cur=cur))
    if after is not None:
        after(m)
    for l in layers:
        m.params[m.mlp_out_name(l)] = originals[l]
    return updates, zs, runs, used


def info_of(requests, runs, hp, extra):
    info = {
        "model": MODEL,
        "rewrite_module_tmp": REWRITE_MODULE_TMP,
        "layers": LAYERS,
        "hparams": dict(hp, **MOM2),
        "context_templates": CONTEXT_TEMPLATES,
        "requests": REQUESTS,
        "prepared_requests": requests,
        "target_ids": [r["target_ids"] for r in runs],
        "lookups": [r["lookups"] for r in runs],
        "inputs": [r["inputs"] for r in runs],
        "steps_run": [len(r["losses"]) for r in runs],
    }
    info.update(extra)
    return info


def run_case(out, model_name, module_tmp, hp, seed):
    """The batch on one fixture; writes its statistics and returns (tensors, info)."""
    m = model_py.fixture(model_name)
    tok = hf_tok.Tokenizer(model_py.FIXTURES / model_name / "tokenizer.json")
    mlp = mlp_width(m)
    covs = [statistics(mlp, seed + l, (1e-3, 1e-2), (0.05, 0.5), mlp // 4) for l in LAYERS]
    write_statistics(out, covs, model_name, module_tmp)
    requests = prepare(REQUESTS)

    def memit_directions(i, keys):
        return torch.linalg.solve(MOM2_UPDATE_WEIGHT * covs[i] + keys @ keys.T, keys)

    updates, zs, runs, used = execute(m, tok, requests, hp, LAYERS, memit_directions)
    tensors = {"zs": zs}
    for i, layer in enumerate(LAYERS):
        tensors[f"delta.{layer}"] = updates[i]
        tensors[f"keys.{layer}"] = used[i]["keys"]
        tensors[f"resid.{layer}"] = used[i]["resid"]
    for r, run in enumerate(runs):
        tensors[f"losses.{r}"] = torch.tensor(run["losses"], dtype=torch.float64)
    info = info_of(requests, runs, hp, {"model": model_name, "rewrite_module_tmp": module_tmp})
    return tensors, info


# EasyEdit's hparams/MEMIT/llama-7b.yaml optimisation values (v_weight_decay 1e-3, clamp_norm_factor 4), fewer steps
LLAMA_HP = dict(HP, v_weight_decay=1e-3, clamp_norm_factor=4.0)


def generate(out):
    out = pathlib.Path(out)
    tensors, info = run_case(out, MODEL, REWRITE_MODULE_TMP, HP, 100)
    llama_tensors, llama = run_case(out, "llama", "model.layers.{}.mlp.down_proj", LLAMA_HP, 200)
    tensors.update({"llama." + k: v for k, v in llama_tensors.items()})
    notes = ("EasyEdit memit/memit_main.py execute_memit (target spacing, z at layers[-1], residual / (len(layers) - i), "
             "adj_k = solve(mom2_update_weight * C + K K^T, K), upd = resid adj_k^T, each layer on the weights updated "
             "so far), memit/compute_z.py compute_z (delta on the block output of layers[-1] at each prompt's fact token, "
             "NLL over [\"{}\"] + templates with the target prefix, KL on '{} is a', weight decay |delta| / |z_init|^2, "
             "clamp, stop under 5e-2, last step measured only), memit/compute_ks.py (key means per template group, then "
             "over groups). delta.<layer>: the update, canonical [out, in]; keys/resid: what that layer's solve used. "
             "Statistics and templates are inputs. llama.*: the same batch on the LLaMA fixture (SentencePiece: the "
             "spaced target alone begins with a lone '\u2581', kept as EasyEdit keeps it), EasyEdit's llama-7b values.")
    info.update({"llama": llama, "mom2_update_weight": MOM2_UPDATE_WEIGHT, "notes": notes,
                 "tolerance": {"delta": 1e-3, "closed_form": 1e-4}})
    goldens.write(out, tensors, info)
