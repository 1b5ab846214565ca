"""SERAC golden: routing for given classifier embeddings, the combined output for given base and counterfactual logits,
the classifier's stored text and the counterfactual model's input ids (gpt2 and llama fixture tokenizers).

Transcribed from EasyEdit (commit 14cea82), trainer/algs/SERAC.py, by its semantics:
  * edit(): the cache input is the edit batch's input_ids decoded, i.e. the text f"{prompt} {target}"
    (models/serac/serac_main.py: sentences = prompt + " " + target);
  * build_cls_cache_inputs() (decoder-only models): cin.rsplit(" ", 1)[0] + the classifier's sep token;
  * embedding_logsim_matrix(): dists = ‖ctx − main‖ (squared with square: true), or 1 − cos with cos: true; one head
    (dist_heads: 1, bound_embeds: false); log-sims = −dists · scale, scale the buffer 1.0;
  * run_classifier(): sims = exp(log-sims); (cls_sims, cls_idxs) = sims.max(-1);
  * forward(): soft = (not supervised) or soft_weighting; soft: log((1 − w)·softmax(base) + w·softmax(rep) + eps),
    eps = float32's; hard: rep logits where w > 0.5, else base logits;
  * build_rep_input_tokens() (decoder-only): cin + " " + the test input decoded, tokenized whole; the logits of the
    input's positions are the last ones (rep_cls_logits[:, -base.size(1):]).
The classifier's encoder is not transcribed (EasyEdit's is DistilBERT; Amend's any decoder-only model): its embeddings
are inputs.
"""
import pathlib
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import goldens  # noqa: E402
import hf_tok  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "spi-models/src/test/resources/fixtures"
EPS = float(torch.finfo(torch.float32).eps)

# (prompt, target) of the stored edits; the second target has two words
EDITS = [["Paris is the capital and largest city of", "Alice"], ["The quick brown fox", "gave Bob"]]
# test inputs of the counterfactual model: (stored edit, row text)
ROWS = [[0, "Paris is the capital of Alice"], [1, "The brown fox jumps"]]


def log_sims(queries, stored, cos, square):
    if cos:
        c = (stored[None] * queries[:, None]).sum(-1) / (stored[None].norm(2, -1) * queries[:, None].norm(2, -1))
        dists = 1 - c
    else:
        dists = (stored[None] - queries[:, None]).norm(2, -1)
        if square:
            dists = dists ** 2
    return -dists * 1.0


def combine(base, rep, w, soft):
    if soft:
        return ((1 - w) * base.softmax(-1) + w * rep.softmax(-1) + EPS).log()
    return rep if w > 0.5 else base


def generate(out: pathlib.Path):
    g = torch.Generator().manual_seed(3)
    # 4 queries × 3 stored, hidden 6; query 0 near stored 1, query 2 at stored 2 (w = 1), others far
    stored = torch.randn(3, 6, generator=g, dtype=torch.float64)
    queries = torch.randn(4, 6, generator=g, dtype=torch.float64) * 2.0
    queries[0] = stored[1] + 0.15 * torch.randn(6, generator=g, dtype=torch.float64)
    queries[2] = stored[2]
    tensors = {"stored": stored, "queries": queries}
    routes = {}
    for name, cos, square in (("square", False, True), ("euclid", False, False), ("cos", True, False)):
        ls = log_sims(queries, stored, cos, square)
        sims, idxs = ls.exp().max(-1)
        tensors[f"{name}.log_sims"] = ls
        routes[name] = {"nearest": idxs.tolist(), "coverage": sims.tolist(), "covered": (sims > 0.5).tolist()}
    # combination of one row's [T, V] logits for a few coverages
    base = torch.randn(3, 5, generator=g, dtype=torch.float64) * 3
    rep = torch.randn(3, 5, generator=g, dtype=torch.float64) * 3
    tensors["base"], tensors["rep"] = base, rep
    weights = [0.0, 0.3, 0.5, 0.9, 1.0]
    for i, w in enumerate(weights):
        tensors[f"soft.{i}"] = combine(base, rep, w, True)
        tensors[f"hard.{i}"] = combine(base, rep, w, False)
    stored_texts = [(p + " " + t).rsplit(" ", 1)[0] for p, t in EDITS]
    ids = {}
    for family in ("gpt2", "llama"):
        tok = hf_tok.Tokenizer(FIXTURES / family / "tokenizer.json")
        ids[family] = []
        for edit, row in ROWS:
            cin = EDITS[edit][0] + " " + EDITS[edit][1]
            ids[family].append({"row_ids": tok.encode(row), "text": cin + " " + row, "ids": tok.encode(cin + " " + row)})
    goldens.write(out, tensors, {
        "notes": "EasyEdit trainer/algs/SERAC.py (edit, build_cls_cache_inputs, embedding_logsim_matrix, "
                 "run_classifier, forward, build_rep_input_tokens) and models/serac/serac_main.py (the edit's "
                 "sentence). Routing and combination in float64; tolerance 1e-4 (Amend computes in float32). Ids "
                 "by tools/goldens/hf_tok.py; exact.",
        "tolerance": 1e-4, "eps": EPS, "weights": weights, "routes": routes, "edits": EDITS, "rows": ROWS,
        "stored_texts": stored_texts, "ids": ids,
    })
