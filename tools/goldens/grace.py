"""GRACE golden: EasyEdit's codebook after a sequence of four edits, and its generation-based evaluation.

The fixture's keys lie 9-17 apart, so eps is 8 (EasyEdit's YAMLs: 1) to make the decisions interesting: edit 1 opens
a key, edits 2 and 3 split the radius of a key with another label, and edit 4 ("The quick red fox" -> "jumps", the
label of edit 1, whose key is its nearest) is split too, because EasyEdit compares it with key_labels[0], the label of
edit 3 (the list is prepended to); Amend's label_match: answer would extend key 0 instead.

An independent transcription (float64 PyTorch, on the gpt2 model-adapter fixture) of what EasyEdit does, read from
easyeditor/models/grace/ at the commit in golden.json:
  - grace/utils.py tokenize: the edit's input is tok(f"{prompt} {target}"), its labels the same ids with the prompt's
    own token count (tok(prompt)) set to -100;
  - GRACE.py GRACE.edit: key_id = (labels == -100).sum() - 1, the prompt's last token; n_iter Adam steps (lr edit_lr)
    on HF's mean cross-entropy of the target tokens, the optimiser made after the first forward pass;
  - GRACE.py GRACEAdapter.forward at the first step (iter 0): the query is the layer's input at key_id; distances by
    cdist in float32; a query farther than eps + the nearest key's epsilon adds a key (epsilon eps); one within that
    reach whose label does not match adds a key and split_epsilons_in_half (nearest: d/2 - 1e-5, new: d/2); one with a
    matching label extends the nearest epsilon to d (eps_expand coverage) when d exceeds it; label_match compares
    labels.float().mean() with key_labels[nearest], a list add_key PREPENDS to (so entry n's label is the one of key
    size-1-n);
  - replace_last: at every step the nearest key (first on ties) answers at key_id when within its epsilon, its value
    replacing the layer's output there (cold values: torch.rand, committed here as inputs cold.<k>);
  - evaluation (evaluate/evaluate_utils.py test_prediction_acc with vanilla_generation, as compute_edit_quality runs
    it for GRACE): target ids tok.encode(target, add_special_tokens=False) (no leading space), greedy generation of
    that many new tokens with use_cache=False after GRACE.generate set key_id = -1, so the position remembered is each
    prompt's last token; accuracy = mean(target ids == generated ids).
"""

import torch

import goldens
import hf_tok
import model

LAYER = 0
HP = {"edit_lr": 1.0, "n_iter": 50, "eps": 8.0, "eps_expand": "coverage", "val_init": "cold"}
EDITS = [
    ("The quick brown fox", "jumps"),
    ("Alice gave Bob a small red", "book"),
    ("The quick brown", "fox"),
    ("The quick red fox", "jumps"),
]
PROBES = [
    ("The quick brown fox", "jumps"),
    ("Alice gave Bob a small red", "book"),
    ("The quick brown", "fox"),
    ("The quick red fox", "jumps"),
    ("The small brown fox", "jumps"),
    ("Paris is the capital and largest city of", "France"),
]


class Codebook:
    """GRACEAdapter's state: keys [N, D], values [N, V], epsilons [N], key_labels (prepended), in insertion order."""

    def __init__(self):
        self.keys, self.values, self.eps, self.key_labels = [], [], [], []

    def nearest(self, query):
        dists = torch.cdist(torch.stack(self.keys).float(), query.float().view(1, -1), p=2).view(-1)
        d, n = dists.min(0)
        return float(d), int(n)


def layer_io(m, ids, position):
    seen = {}
    m.forward([ids], hooks={f"{LAYER}.mlp_key": lambda x: seen.setdefault("key", x),
                            f"{LAYER}.mlp_out": lambda x: seen.setdefault("out", x)})
    return seen["key"][0, position].detach(), seen["out"][0, position].detach()


def replacing(book, entry_value, entry, position, query):
    """The mlp_out hook of replace_last: the nearest key's value at `position` when within its epsilon."""
    d, n = book.nearest(query)

    def hook(out):
        if n != entry or d > book.eps[n]:
            return out
        out = out.clone()
        out[0, position] = entry_value
        return out
    return hook, n, d


def edit(m, book, prompt_ids, full_ids, cold, decisions):
    plen = len(prompt_ids)
    labels = torch.tensor([-100] * plen + full_ids[plen:], dtype=torch.long)
    label_mean = labels.float().mean()
    position = plen - 1
    query, out = layer_io(m, full_ids, position)
    value0 = cold.pop(0) if HP["val_init"] == "cold" else out
    if not book.keys:
        book.keys.append(query.clone()); book.values.append(value0); book.eps.append(HP["eps"])
        book.key_labels = [label_mean] + book.key_labels
        decision = {"kind": "first"}
    else:
        d, n = book.nearest(query)
        decision = {"nearest": n, "distance": d}
        if d > HP["eps"] + book.eps[n]:
            book.keys.append(query.clone()); book.values.append(value0); book.eps.append(HP["eps"])
            book.key_labels = [label_mean] + book.key_labels
            decision["kind"] = "new"
        elif not bool(book.key_labels[n] == label_mean):
            book.keys.append(query.clone()); book.values.append(value0); book.eps.append(HP["eps"])
            book.key_labels = [label_mean] + book.key_labels
            book.eps[n] = d / 2 - 1e-5
            book.eps[-1] = d / 2
            decision["kind"] = "split"
        elif d > book.eps[n]:
            book.eps[n] = d
            decision["kind"] = "expand"
        else:
            decision["kind"] = "inside"
    d, n = book.nearest(query)
    decision["trained"] = n if d <= book.eps[n] else -1
    decisions.append(decision)
    if decision["trained"] < 0:
        return
    value = book.values[n].clone().requires_grad_(True)
    opt = torch.optim.Adam([value], lr=HP["edit_lr"])
    targets = torch.tensor(full_ids[plen:])
    for _ in range(HP["n_iter"]):
        hook, _, _ = replacing(book, value, n, position, query)
        logits = m.forward([full_ids], hooks={f"{LAYER}.mlp_out": hook})[0]
        loss = torch.nn.functional.cross_entropy(logits[plen - 1:len(full_ids) - 1], targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
    book.values[n] = value.detach().clone()


def generate_tokens(m, book, prompt_ids, n_new):
    """Greedy generation without a cache, the remembered key_id being the prompt's last token at every step."""
    position = len(prompt_ids) - 1
    ids = list(prompt_ids)
    query, _ = layer_io(m, prompt_ids, position)
    d, n = book.nearest(query)
    within = d <= book.eps[n]
    for _ in range(n_new):
        def hook(out):
            if not within:
                return out
            out = out.clone()
            out[0, position] = book.values[n]
            return out
        logits = m.forward([ids], hooks={f"{LAYER}.mlp_out": hook})[0]
        ids.append(int(logits[-1].argmax()))
    return ids[len(prompt_ids):], n, d, within


def generate(out):
    m = model.fixture("gpt2")
    tok = hf_tok.Tokenizer(model.FIXTURES / "gpt2" / "tokenizer.json")
    torch.manual_seed(1234)
    width = m.params[f"h.{LAYER}.mlp.c_proj.weight"].shape[1]
    cold = [torch.rand(width, dtype=torch.float32).double() for _ in EDITS]   # GRACE.py: torch.rand(1, value_shape)
    tensors = {f"cold.{k}": c for k, c in enumerate(cold)}
    book, decisions, edits = Codebook(), [], []
    for prompt, target in EDITS:
        prompt_ids, full_ids = tok.encode(prompt), tok.encode(f"{prompt} {target}")
        edits.append({"prompt": prompt, "target_new": target, "prompt_ids": prompt_ids, "input_ids": full_ids})
        edit(m, book, prompt_ids, full_ids, cold, decisions)
    tensors["keys"] = torch.stack(book.keys)
    tensors["values"] = torch.stack(book.values)
    tensors["epsilons"] = torch.tensor(book.eps, dtype=torch.float64)
    probes = []
    for prompt, target in PROBES:
        prompt_ids, target_ids = tok.encode(prompt), tok.encode(target)
        generated, n, d, within = generate_tokens(m, book, prompt_ids, len(target_ids))
        acc = sum(int(a == b) for a, b in zip(target_ids, generated)) / len(target_ids)
        probes.append({"prompt": prompt, "target": target, "prompt_ids": prompt_ids, "target_ids": target_ids,
                       "generated_ids": generated, "nearest": n, "distance": d, "within": within, "acc": acc})
    goldens.write(out, tensors, {
        "method": "grace",
        "model": "gpt2",
        "hparams": dict(HP, inner_params=[f"transformer.h[{LAYER}].mlp.c_proj.weight"], dist_fn="euc",
                        val_train="sgd", replacement="replace_last"),
        "edits": edits,
        "decisions": decisions,
        "probes": probes,
        "tolerance": {"codebook_keys": 1e-4, "values": 1e-3, "epsilons": 1e-4},
        "notes": __doc__.strip().splitlines() + [
            f"n_iter {HP['n_iter']}, edit_lr {HP['edit_lr']}: EasyEdit's values for llama-7b (gpt2-xl: 200 steps).",
        ],
    })
