"""WISE golden: one edit's side-memory update and the routing decisions that follow it.

An independent transcription (float64 PyTorch, on the gpt2 model-adapter fixture) of what EasyEdit does, read from
easyeditor/models/wise/ at the commit in golden.json:
  - wise/utils.py tokenize: rows templ.format(prompt + " " + target) for each context template, then the irrelevant
    loc_prompt; labels -100 over the first len(tok(templ.format(prompt))) tokens (objective_optimization only_label);
  - WISE.py WISE.edit: the shard's mask (generate_activation_mask: each entry 1 with probability mask_ratio; committed
    here as the input `mask`, in Amend's out x in layout, the transpose of GPT-2's Conv1D storage); SGD (lr edit_lr,
    weight_decay 1e-5) on new_weight, the gradient multiplied by the mask before the step, new_weight then clamped to
    W +- norm_constraint; EarlyStopMeter checked before each step (|last - before last| <= 1e-4 and last <= 0.02);
  - the loss: _cal_ft_loss (the template rows' cross-entropy, label mask from the last prompt token, so each row's
    sum over its target tokens is divided by their count + 1, then the mean over rows) plus _cal_activation_loss with
    euc(orig, new) = mean over tokens of ||act(new) - act(orig)||, act = the model's activation (gelu_new here),
    in-scope the template rows, out-of-scope the loc row: mean+(out - in + gamma) + mean+(out - alpha) +
    mean+(beta - in), mean+ the mean of the positive entries (0 if none);
  - WISEAdapter.forward while editing: every row goes through new_weight (with GPT-2's bias, new_weight_forward's
    addmm); save_editing_activation at the last step keeps the mean in-scope distance as the shard's min_act;
  - routing (retrieve true, one shard being written): euc(orig, new, infer=True) averaged over the input's tokens
    against min_act * act_ratio: the side memory's output at or above it, the main memory's below.
The context templates are inputs, chosen of equal length (with the loc row's) so that no row is padded: EasyEdit's
own templates start with "{}" and would left-pad the batch, where its GPT-2 forward shifts the padded rows' positions
and its means count the pads, which Amend does not reproduce.
"""

import torch

import goldens
import hf_tok
import model

LAYER = 1
HP = {"edit_lr": 1.0, "n_iter": 70, "mask_ratio": 0.2, "norm_constraint": 1.0, "act_margin": [5.0, 20.0, 10.0],
      "act_ratio": 0.88}
PROMPT, TARGET = "The quick brown fox", "jumps"
TEMPLATES = ["Alice gave {}", "Alice small {}"]
LOC = "Paris is the capital and largest city of"
INPUTS = [
    "The quick brown fox jumps",
    "Alice gave The quick brown fox jumps",
    "The small red fox jumps",
    "Alice gave Bob a small red book",
    "Paris is the capital and largest city of France",
]


def act(x):
    return model.ACTIVATIONS["gelu_new"](x)


def layer_input(m, ids):
    seen = {}
    m.forward(ids, hooks={f"{LAYER}.mlp_key": lambda x: seen.setdefault("key", x.detach())})
    return seen["key"]


def euc(orig, new):
    """WISE.py euc without a mask: mean over tokens of ||act(new) - act(orig)||, one value per row."""
    return torch.norm(act(new) - act(orig), dim=-1).mean(dim=-1)


def positive_mean(x):
    x = x[x > 0]
    return x.mean() if x.numel() > 0 else torch.tensor(0.0, dtype=torch.float64)


SEEDS = ["I", "You", "Because", "Yes", "Q: "]       # wise/utils.py get_context_templates
LENGTH_PARAMS = [[5, 5], [10, 5]]                  # wise_main.py apply_wise_to_model


def decode(tok, ids, eos):
    """GPT-2's byte-level decode, special tokens skipped (batch_decode(skip_special_tokens=True))."""
    return tok.decode([i for i in ids if i != eos])


def context_templates(m, tok, eos):
    """get_context_templates: each seed continued greedily (num_beams = num_return_sequences = n_gen // 5 = 1) by
    `length` new tokens; HF's left padding with position ids from the attention mask computes what each seed alone
    computes, so each is generated alone here; "{}" first, then each decoded text + " {}"."""
    templates = ["{}"]
    for length, n_gen in LENGTH_PARAMS:
        assert n_gen // 5 == 1
        for seed in SEEDS:
            ids = tok.encode(seed)
            for _ in range(length):
                ids.append(int(m.forward([ids])[0, -1].argmax()))
                if ids[-1] == eos:                 # generate stops the row; later tokens are pads (eos), skipped
                    break
            templates.append(decode(tok, ids, eos) + " {}")
    return templates


def generate(out):
    m = model.fixture("gpt2")
    tok = hf_tok.Tokenizer(model.FIXTURES / "gpt2" / "tokenizer.json")
    w_conv = m.params[f"h.{LAYER}.mlp.c_proj.weight"]          # Conv1D storage: [in, out]
    bias = m.params[f"h.{LAYER}.mlp.c_proj.bias"]
    torch.manual_seed(7)
    mask_conv = (torch.rand(w_conv.shape, dtype=torch.float64) < HP["mask_ratio"]).double()
    alpha, beta, gamma = HP["act_margin"]

    rows = [t.format(PROMPT + " " + TARGET) for t in TEMPLATES] + [LOC]
    ids = [tok.encode(r) for r in rows]
    assert len({len(r) for r in ids}) == 1, "rows of equal length: no padding"
    prompt_lens = [len(tok.encode(t.format(PROMPT))) for t in TEMPLATES]
    num_prompt = max(prompt_lens)                                   # the padded length of tok(prompts)
    ids_t = torch.tensor(ids)
    n_t = len(TEMPLATES)
    x = layer_input(m, ids_t)                                       # the projection's input, every row
    labels = ids_t[:n_t].clone()
    labels[:, :num_prompt] = -100
    last_prompt = (labels == -100).sum(-1) - 1

    new_w = w_conv.clone().requires_grad_(True)
    opt = torch.optim.SGD([new_w], lr=HP["edit_lr"], weight_decay=1e-5)
    val, pre = 1e9, 0.0
    losses, score = [], None
    for i in range(HP["n_iter"]):
        captured = {}

        def side(out_orig):
            new_out = x @ new_w + bias
            captured["orig"], captured["new"] = out_orig, new_out
            return new_out
        logits = m.forward(ids_t, hooks={f"{LAYER}.mlp_out": side})
        ce = torch.nn.functional.cross_entropy(logits[:n_t, :-1].reshape(-1, logits.shape[-1]),
                                               labels[:, 1:].reshape(-1), reduction="none").view(n_t, -1)
        mask = torch.zeros_like(ce, dtype=torch.bool)
        for r in range(n_t):
            mask[r, int(last_prompt[r]) - 1:] = True
        ft = ((ce * mask).sum(1) / mask.sum(1)).mean()
        in_scope = euc(captured["orig"][:n_t], captured["new"][:n_t])
        out_scope = euc(captured["orig"][n_t:], captured["new"][n_t:])
        act_loss = positive_mean(out_scope.view(-1, 1) - in_scope + gamma) + positive_mean(out_scope - alpha) \
            + positive_mean(beta - in_scope)
        loss = ft + act_loss
        stop = abs(val - pre) <= 1e-4 and val <= 0.02
        if stop or i == HP["n_iter"] - 1:
            score = float(in_scope.mean())
        if stop:
            break
        opt.zero_grad()
        loss.backward()
        new_w.grad = new_w.grad * mask_conv
        opt.step()
        with torch.no_grad():
            new_w.copy_(torch.clamp(new_w, min=w_conv - HP["norm_constraint"], max=w_conv + HP["norm_constraint"]))
        pre, val = val, float(loss)
        losses.append(float(loss))

    threshold = score * HP["act_ratio"]
    tensors = {"mask": mask_conv.T, "delta": (new_w.detach() - w_conv).T}
    routed = []
    for k, text in enumerate(INPUTS):
        t_ids = torch.tensor([tok.encode(text)])
        key = layer_input(m, t_ids)
        orig, new = key @ w_conv + bias, key @ new_w.detach() + bias
        dist = float(euc(orig, new)[0])
        side_memory = not dist < threshold
        logits = m.forward(t_ids, hooks={f"{LAYER}.mlp_out": lambda o, n=new: n} if side_memory else None)
        tensors[f"logits.{k}"] = logits[0].detach()
        routed.append({"text": text, "ids": t_ids[0].tolist(), "score": dist, "side_memory": side_memory})
    goldens.write(out, tensors, {
        "method": "wise",
        "model": "gpt2",
        "hparams": dict(HP, inner_params=[f"transformer.h[{LAYER}].mlp.c_proj.weight"], save_freq=500,
                        merge_freq=1000, merge_alg="ties", objective_optimization="only_label", densities=0.53,
                        weights=1.0, retrieve=True, replay=False),
        "prompt": PROMPT, "target_new": TARGET, "templates": TEMPLATES, "loc_prompt": LOC,
        "rows": rows, "row_ids": ids, "num_prompt_tokens": num_prompt,
        "losses": losses, "min_act": score, "threshold": threshold,
        "routing": routed,
        "context_templates": context_templates(m, tok, m.config["eos_token_id"]),
        "tolerance": {"delta": 1e-3, "min_act": 1e-3, "logits": 1e-3},
        "notes": __doc__.strip().splitlines() + [
            f"n_iter {HP['n_iter']}, edit_lr {HP['edit_lr']}, margins and act_ratio: EasyEdit's llama-7b values; the loss"
            " ends at 0.0087, short of the early stop (its steps still differ by more than 1e-4).",
        ],
    })
