"""ROME golden: one edit on the gpt2 fixture, EasyEdit's easyeditor/models/rome (rome_main.py execute_rome,
compute_u.py, compute_v.py, repr_tools.py) transcribed in tools/goldens/locate.py.

Inputs (committed): the request, the context templates (EasyEdit samples them with generate_fast; here they are
given), the second-moment statistics C = E[k k^T] of the edited layer as an .npz in EasyEdit's layer_stats layout
(stats/<model>/wikipedia_stats/<module>_float32_mom2_100000.npz, arrays mom2.mom2 and mom2.count), the hparams.
Outputs: the key direction (left), right vector, v* pieces, the per-step losses and delta trajectory, and the weight
delta in canonical [out, in] layout. `run_case` is shared with rrome.py.
"""

import io
import pathlib
import zipfile

import numpy as np
import torch

import goldens
import hf_tok
import locate
import model

LAYER = 0   # the fixture has 2 layers: a shift at layer 1's MLP output cannot reach later positions' predictions
MODULE = "transformer.h.{}.mlp.c_proj"   # HF's module name (EasyEdit's gpt2 YAML), whatever the checkpoint's prefix
HPARAMS = {   # EasyEdit's hparams/ROME/gpt2-xl.yaml optimisation values, mom2_adjustment on to test C's use
    "layers": [LAYER], "fact_token": "subject_last", "v_num_grad_steps": 20, "v_lr": 0.5, "v_weight_decay": 0.5,
    "clamp_norm_factor": 4.0, "kl_factor": 0.0625, "mom2_adjustment": True,
    "context_template_length_params": [[5, 10], [10, 10]], "rewrite_module_tmp": MODULE,
    "mom2_dataset": "wikipedia", "mom2_n_samples": 100000, "mom2_dtype": "float32",
}
# EasyEdit's hparams/ROME/llama-7b.yaml optimisation values (mom2_adjustment false as there: l = k / |k|)
LLAMA_HPARAMS = dict(HPARAMS, v_num_grad_steps=25, v_weight_decay=1e-3, mom2_adjustment=False,
                     rewrite_module_tmp="model.layers.{}.mlp.down_proj")
REQUEST = {"prompt": "{} is the capital and largest city of", "subject": "Paris", "target_new": "red book"}
# "{}" then generated texts each followed by ". {}", as rome_main.get_context_templates makes them (two length groups)
CONTEXT_GROUPS = [["{}"], ["The quick brown fox. {}", "Alice gave Bob a small red book. {}"],
                  ["The capital city of France is the largest city. {}"]]


def _npz_bytes(arrays):
    """np.savez's layout (one .npy per entry, stored) with a fixed timestamp, so that a rerun is byte-identical."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as z:
        for name in sorted(arrays):
            npy = io.BytesIO()
            np.lib.format.write_array(npy, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            z.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), npy.getvalue())
    return buffer.getvalue()


def statistics(width, seed):
    """A well-conditioned C = mom2 / count stored in float32 like EasyEdit's files; returns (mom2, count)."""
    g = torch.Generator().manual_seed(seed)
    samples = 4 * width
    a = torch.randn(width, samples, generator=g, dtype=torch.float64) * 0.3
    mom2 = (a @ a.T).to(torch.float32).numpy()
    return mom2, np.array(samples, dtype=np.int64)


def run_case(out, name, fixture, variant, request, groups, hp, seed):
    """Runs ROME / R-ROME once; writes stats under out/stats and returns (tensors, info) for goldens.write."""
    m = model.fixture(fixture)
    tok = hf_tok.Tokenizer(model.FIXTURES / fixture / "tokenizer.json")
    layer = hp["layers"][0]
    module = hp["rewrite_module_tmp"].format(layer)
    width = m.params[m.mlp_out_name(layer)].shape[0 if m.model_type == "gpt2" else 1]
    stats = out / "stats" / fixture / f"{hp['mom2_dataset']}_stats"
    stats_file = stats / f"{module}_{hp['mom2_dtype']}_mom2_{hp['mom2_n_samples']}.npz"
    inv_cov = None
    if hp["mom2_adjustment"]:
        mom2, count = statistics(width, seed)
        stats.mkdir(parents=True, exist_ok=True)
        stats_file.write_bytes(_npz_bytes({"mom2.mom2": mom2, "mom2.count": count}))
        inv_cov = torch.inverse(torch.tensor(mom2, dtype=torch.float64) / float(count))

    req = dict(request, target_new=locate.rome_spaced(request["target_new"]))   # execute_rome
    flat = [t for g in groups for t in g]   # ROME's templates: one flat list, "{}" first
    templates = [c.format(req["prompt"]) for c in flat]
    keys, values = locate.reprs_at_words(m, tok, layer, templates, [req["subject"]] * len(flat), hp["fact_token"])
    averaged_left = variant == "rome" or hp.get("original_implementation") or hp.get("enable_random_prefix_keys", True)
    key_for_left = keys.mean(0) if averaged_left else keys[0]
    left = locate.rome_left(key_for_left, inv_cov)                     # compute_u
    v = locate.compute_v(m, tok, req, layer, left, flat, hp, variant)  # compute_v
    delta_w = locate.rome_delta(left, v["right"])

    tensors = {
        f"{name}.keys": keys, f"{name}.values": values, f"{name}.left": left, f"{name}.right": v["right"],
        f"{name}.delta": v["delta"], f"{name}.target_init": v["target_init"], f"{name}.target": v["target"],
        f"{name}.cur_input": v["cur_input"], f"{name}.cur_output": v["cur_output"], f"{name}.weight_delta": delta_w,
        f"{name}.losses": torch.tensor(v["losses"], dtype=torch.float64),
        f"{name}.deltas": torch.stack(v["deltas"]) if v["deltas"] else torch.zeros(0, width),
    }
    key_positions = [locate.words_idxs(tok, t, req["subject"], hp["fact_token"][len("subject_"):]) for t in templates]
    info = {
        "fixture": fixture, "variant": variant, "layer": layer, "request": request, "context_groups": groups,
        "hparams": hp, "stats_file": str(stats_file.relative_to(out)) if inv_cov is not None else None,
        "ids": {
            "key_texts": [tok.encode(t.format(req["subject"])) for t in templates],
            "key_positions": key_positions,
            "target": v["target_ids"],
            "rewriting_inputs": v["inputs"][:-1],
            "kl_input": v["inputs"][-1],
            "lookups": v["lookups"],
        },
        "steps_taken": len(v["deltas"]),
        "losses_measured": len(v["losses"]),
    }
    return tensors, info


def generate(out):
    out = pathlib.Path(out)
    tensors, gpt2 = run_case(out, "gpt2", "gpt2", "rome", REQUEST, CONTEXT_GROUPS, HPARAMS, seed=1)
    llama_tensors, llama = run_case(out, "llama", "llama", "rome", REQUEST, CONTEXT_GROUPS, LLAMA_HPARAMS, seed=2)
    tensors.update(llama_tensors)
    goldens.write(out, tensors, {
        "cases": {"gpt2": gpt2, "llama": llama},
        "notes": "EasyEdit rome_main.execute_rome (target spaced, layers in order), compute_u.compute_u (key averaged "
                 "over every context template at the subject's last token, C^-1 k / |C^-1 k|), compute_v.compute_v "
                 "(target tokenized alone without special tokens; rewriting prompt = template + decode(target[:-1]); "
                 "delta at the MLP output at each prompt's fact token; NLL + kl_factor KL(cur||init) on '{} is a' + "
                 "v_weight_decay |delta| / |v_init|^2; Adam; clamp; right = (v_init + delta - v) / (k . left) with k, "
                 "v from the bare prompt), update = right (x) left. Transcribed in tools/goldens/locate.py.",
        "tolerance": {"closed_form": 1e-4, "trajectory": 1e-3},
    })
