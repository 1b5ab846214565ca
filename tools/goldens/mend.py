"""MEND golden: the editor's output for a given gradient.

Transcribed from EasyEdit (commit 14cea82) by its semantics, trainer/algs/MEND.py and trainer/algs/local_nn.py, with
EasyEdit's MEND files' settings (combine: true, norm: true, mlp_class: IDMLP, n_hidden: 1, init: id, act: relu,
one network per weight):
  * GradientTransform.forward: u_ = u.view(-1, in), v_ = δ.view(-1, out); rows where u or δ is all zero are dropped
    (nz_mask); normalised (x − mean) / (std + 1e-7) with std = (s / (k − 1)) ** 0.5 (the running statistics);
    mlp(cat(u, δ)) split back into (ũ, δ̃);
  * IDMLP: n_hidden + 1 = 2 LRLinear layers; LRLinear.forward: pre = (U @ (V @ xᵀ))ᵀ + bias, acts = pre.clamp(min=0)
    (for every layer: the relu flag is not used), init id: acts + x;
  * MEND.edit: mean_grads = einsum("bi,bj->ji", ũ, δ̃) for a Linear weight [out, in] ("ij" for GPT-2's Conv1D
    [in, out]: the same matrix transposed); updates = edit_lrs[i] · g, ADDED to the weight
    (_make_child_functional_model: p + update). lr_scale plays no part (models/mend/mend_main.py copies the edited
    weights; the code that scaled by it is commented out).
Part 1 gives the gradient factors (u: the weight's input, δ: the loss's gradient at its output). Part 2 computes them
on the gpt2 and llama fixtures for one edit, as models/mend/mend_main.py + MEND.edit do: the model reads
prompt + " " + target (tokenized whole), the labels are tokenizer(" " + target) (special tokens included: <s> on LLaMA),
the loss is trainer/losses.py:multiclass_log_probs with shift (pred[:, :-1][:, -len(labels):]) — the mean negative
log-likelihood of the labels —, u is the output projection's input and δ the gradient at its output, at every token,
then nz_mask drops the tokens whose δ is zero (the last one).
"""
import pathlib
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import goldens  # noqa: E402
import hf_tok  # noqa: E402
import model as model_py  # noqa: E402

IN, OUT, RANK, TOKENS = 8, 6, 4, 5
EDIT_LR = 0.05


def lr_linear(x, U, V, bias):
    pre = (U @ (V @ x.T)).T + bias
    return pre.clamp(min=0) + x


def transform(u, delta, t):
    keep = (u != 0).any(-1) * (delta != 0).any(-1)
    u_, d_ = u[keep], delta[keep]
    std = (t["m2"] / (t["count"] - 1)) ** 0.5
    x = (torch.cat((u_, d_), -1) - t["mean"]) / (std + 1e-7)
    for layer in ("l0", "l1"):
        x = lr_linear(x, t[layer + ".u"], t[layer + ".v"], t[layer + ".bias"])
    return x[:, :IN], x[:, IN:]


EDIT = ("Paris is the capital of", "France")
LAYER = 1


def factors(family):
    m = model_py.fixture(family)
    tok = hf_tok.Tokenizer(model_py.FIXTURES / family / "tokenizer.json")
    prompt, target = EDIT
    ids = torch.tensor([tok.encode(prompt + " " + target)])
    labels = torch.tensor([tok.encode(" " + target)])
    caught = {}

    def keep_key(x):
        caught["u"] = x.detach()
        return x

    def watch_out(x):   # the gradient at the output: that of a zero added to it (the weights need none)
        caught["zero"] = torch.zeros_like(x, requires_grad=True)
        return x + caught["zero"]

    logits = m.forward(ids, hooks={f"{LAYER}.mlp_key": keep_key, f"{LAYER}.mlp_out": watch_out})
    pred = logits[:, :-1][:, -labels.shape[1]:]
    loss = -pred.log_softmax(-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1).mean()
    loss.backward()
    u = caught["u"][0]
    delta = caught["zero"].grad[0]
    # the last token's δ is zero (no loss reads its output): nz_mask drops it, as Amend does by not feeding it; the
    # other tokens are kept (those whose δ is zero too, before the loss positions in the last layer, are dropped by
    # the transform's nz_mask, part 1)
    assert not delta[-1].any()
    return ids[0].tolist(), labels[0].tolist(), u[:-1], delta[:-1]


def generate(out: pathlib.Path):
    g = torch.Generator().manual_seed(11)
    d = IN + OUT
    r = min(RANK, d)
    f64 = dict(generator=g, dtype=torch.float64)
    t = {}
    for layer in ("l0", "l1"):
        t[layer + ".u"] = 0.3 * torch.randn(d, r, **f64)   # trained: no longer zero
        t[layer + ".v"] = torch.randn(r, d, **f64)
        t[layer + ".bias"] = 0.2 * torch.randn(d, **f64)
    t["mean"] = 0.1 * torch.randn(d, **f64)
    t["m2"] = 40 * torch.rand(d, **f64) + 1
    t["count"] = torch.tensor([41.0], dtype=torch.float64)
    u = torch.randn(TOKENS, IN, **f64)
    delta = 0.01 * torch.randn(TOKENS, OUT, **f64)
    delta[2] = 0   # a token whose gradient is zero (after the loss positions): EasyEdit drops it
    u_t, d_t = transform(u, delta, t)
    update = EDIT_LR * torch.einsum("bi,bj->ji", u_t, d_t)   # [out, in], added to the weight
    tensors = {"net." + k: v for k, v in t.items()}
    tensors.update({"u": u, "delta": delta, "u_tilde": u_t, "delta_tilde": d_t, "update": update})
    edit_ids = {}
    for family in ("gpt2", "llama"):
        ids, labels, fu, fd = factors(family)
        tensors[f"{family}.u"], tensors[f"{family}.delta"] = fu, fd
        edit_ids[family] = {"ids": ids, "labels": labels}
    goldens.write(out, tensors, {
        "notes": "EasyEdit trainer/algs/MEND.py (GradientTransform.forward, MEND.edit, _make_child_functional_model) "
                 "and trainer/algs/local_nn.py (IDMLP, LRLinear); update [out, in] = edit_lr · Σ_t δ̃_t ũ_tᵀ over "
                 "the kept tokens, added to the weight. Float64; tolerance 1e-4 (Amend computes in float32).",
        "tolerance": 1e-4, "edit_lr": EDIT_LR, "in": IN, "out": OUT, "rank": RANK, "tokens": TOKENS,
        "dropped_token": 2, "edit": list(EDIT), "layer": LAYER, "edit_ids": edit_ids,
    })
