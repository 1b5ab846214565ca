"""LoRA and AdaLoRA golden: the adapters after a few training steps on the GPT-2 and LLaMA fixtures.

Transcribed from the semantics of EasyEdit's easyeditor/models/lora/lora_main.py (execute_lora) and of the peft
library it builds on, at the version EasyEdit pinned while its LoRA YAMLs were written (peft 0.7.1:
tuners/lora/layer.py Linear, tuners/adalora/layer.py SVDLinear, tuners/adalora/model.py AdaLoraModel.forward):

- an adapter per target module (peft's suffix match of `target_modules` on module names; `layers: []` = every layer);
  LoRA adds scaling * B A x with scaling = lora_alpha / r; AdaLoRA adds B (A * E) x * lora_alpha / (ranknum + 1e-5)
  with rank init_r (peft's default 12: EasyEdit's `rank` goes to `r`, which AdaLoRA ignores) and ranknum = init_r;
- the loss is the model's causal-LM loss on `prompt + " " + target` with the prompt's tokens masked: the mean
  -log p over the target tokens of the batch; AdaLoRA adds orth_reg_weight (0.5) times the mean over its lora_A and
  lora_B matrices of ||A A^T - I||_F and ||B^T B - I||_F (AdaLoraModel.forward), but only in the first call of a
  sequence of editor.edit(sequential_edit=True): later calls get the bare model back (execute_lora:
  `hasattr(model, 'peft_config')`), whose forward adds no regulariser, and keep training the same adapter with a
  fresh Adam; batch_edit(sequential_edit=True) hands back the peft model, so its later calls keep the regulariser;
- torch.optim.Adam(lr, weight_decay) over the adapter, one step per batch, num_steps passes over the requests;
- no rank allocation: EasyEdit never calls update_and_allocate, so target_r/tinit/tfinal/deltaT/beta1/beta2 do nothing.

Dropout: EasyEdit trains with lora_dropout active (the injected dropout modules are new, hence in training mode,
while the base model stays in eval mode); this golden runs with lora_dropout 0 (the Java test too), so that the
trajectory is deterministic. The adapter is applied here as a weight override (W + delta in the params dict), which
with dropout 0 is the same function as peft's side branch.
"""

import functools
import pathlib
import re

import torch

import goldens
import hf_tok
import model


@functools.lru_cache(maxsize=None)
def _tokenizer(fixture):
    return hf_tok.Tokenizer(model.FIXTURES / fixture / "tokenizer.json")


def _encode(fixture, text):
    """The fixture's tokenizer (tools/goldens/hf_tok.py; the Java test checks the ids): GPT-2's byte-level BPE, or
    LLaMA's SentencePiece-style BPE with "<s>" first."""
    return _tokenizer(fixture).encode(text)


def _modules(m, target_modules):
    """peft's check_target_module_exists for a list: a module matches when its name ends with '.' + key."""
    layered = {n[: -len(".weight")] for n in m.params if n.endswith(".weight") and re.search(r"\.\d+\.", n)}
    names = sorted(layered, key=lambda n: (int(re.search(r"\.(\d+)\.", n).group(1)), n))
    return [n for n in names if any(n == k or n.endswith("." + k) for k in target_modules)]


class Adapters:
    """One adapter per module: LoRA (A [r, in], B [out, r]) or AdaLoRA (A, E [r, 1], B)."""

    def __init__(self, m, modules, kind, rank, alpha, gen):
        self.m, self.modules, self.kind, self.rank, self.alpha = m, modules, kind, rank, alpha
        self.base = {n: m.params[n + ".weight"].clone() for n in modules}
        self.conv1d = m.model_type == "gpt2"   # GPT-2's Conv1D stores [in, out]; nn.Linear [out, in]
        self.p = {}
        for n in modules:
            w = self.base[n]
            fan_in, fan_out = w.shape if self.conv1d else w.shape[::-1]
            if kind == "lora":   # peft: A Kaiming-uniform(a=sqrt(5)) = U(-1/sqrt(in), 1/sqrt(in)), B zero
                bound = 1.0 / fan_in ** 0.5
                a = (torch.rand(rank, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * bound
                self.p[n] = {"A": a, "B": torch.zeros(fan_out, rank, dtype=torch.float64)}
            else:   # peft 0.7.1 AdaLoRA: A, E, B all N(0, 0.02)
                self.p[n] = {k: torch.randn(*shape, generator=gen, dtype=torch.float64) * 0.02
                             for k, shape in (("A", (rank, fan_in)), ("E", (rank, 1)), ("B", (fan_out, rank)))}
        for d in self.p.values():
            for t in d.values():
                t.requires_grad_(True)

    def parameters(self):
        return [t for n in self.modules for _, t in sorted(self.p[n].items())]

    def delta(self, n):
        """The adapter's change of the module's map, canonical [out, in]."""
        d = self.p[n]
        if self.kind == "lora":
            return d["B"] @ d["A"] * (self.alpha / self.rank)
        return d["B"] @ (d["A"] * d["E"]) * self.alpha / (self.rank + 1e-5)

    def install(self):
        for n in self.modules:
            d = self.delta(n)
            self.m.params[n + ".weight"] = self.base[n] + (d.T if self.conv1d else d)

    def orthogonality(self):
        terms = []
        for n in self.modules:
            a, b = self.p[n]["A"], self.p[n]["B"]
            terms.append(torch.linalg.norm(a @ a.T - torch.eye(a.shape[0], dtype=a.dtype), "fro"))
            terms.append(torch.linalg.norm(b.T @ b - torch.eye(b.shape[1], dtype=b.dtype), "fro"))
        return sum(terms) / len(terms)

    def snapshot(self):
        return {n: {k: t.detach().clone() for k, t in d.items()} for n, d in self.p.items()}


def _loss(m, fixture, batch):
    """HF's causal-LM loss with EasyEdit's labels: prompt tokens -100 (LLaMA's <s> among them), mean over the
    batch's target tokens."""
    total, count = 0.0, 0
    for prompt, target in batch:
        p, full = _encode(fixture, prompt), _encode(fixture, prompt + " " + target)
        logits = m.forward(torch.tensor([full]))[0]
        logp = torch.log_softmax(logits[:-1], -1)
        labels = torch.tensor(full[1:])
        picked = logp[torch.arange(len(full) - 1), labels]
        mask = torch.arange(1, len(full)) >= len(p)
        total = total - picked[mask].sum()
        count += int(mask.sum())
    return total / count


def _train(m, fixture, adapters, requests, num_steps, batch_size, lr, orth_reg_weight, losses):
    """One call of execute_lora: fresh Adam over the adapter, num_steps passes in batches."""
    opt = torch.optim.Adam(adapters.parameters(), lr=lr, weight_decay=0)
    for _ in range(num_steps):
        for start in range(0, len(requests), batch_size):
            opt.zero_grad()
            adapters.install()
            loss = _loss(m, fixture, requests[start:start + batch_size])
            if orth_reg_weight > 0:
                loss = loss + orth_reg_weight * adapters.orthogonality()
            losses.append(float(loss))
            loss.backward()
            opt.step()


CASES = {
    # One training step of EasyEdit's gpt2-xl.yaml configuration.
    "adalora_one": dict(fixture="gpt2", kind="adalora", target_modules=["c_attn"], rank=12, alpha=32.0, lr=5e-3,
                        batch_size=1, calls=[dict(requests=[["The quick brown fox", "jumps"]], num_steps=1)]),
    # EasyEdit's gpt2-xl.yaml (AdaLoRA on c_attn, every layer, lr 5e-3, alpha 32, init_r 12), dropout 0.
    "adalora": dict(fixture="gpt2", kind="adalora", target_modules=["c_attn"], rank=12, alpha=32.0, lr=5e-3, batch_size=1,
                    calls=[dict(requests=[["The quick brown fox", "jumps"]], num_steps=3)]),
    # A sequence of two edits: the second keeps training the first's adapter, fresh Adam, no regulariser.
    "adalora_seq": dict(fixture="gpt2", kind="adalora", target_modules=["c_attn"], rank=12, alpha=32.0, lr=5e-3, batch_size=1,
                        calls=[dict(requests=[["The quick brown fox", "jumps"]], num_steps=2),
                               dict(requests=[["Alice gave Bob a small red", "book"]], num_steps=2)]),
    # The same sequence as EasyEdit's batch_edit(sequential_edit=True) trains it: the peft model is handed back, so
    # the regulariser stays in every call (Amend: regularise_continued: true).
    "adalora_seq_batch": dict(fixture="gpt2", kind="adalora", target_modules=["c_attn"], rank=12, alpha=32.0,
                              lr=5e-3, batch_size=1, regularise_continued=True,
                              calls=[dict(requests=[["The quick brown fox", "jumps"]], num_steps=2),
                                     dict(requests=[["Alice gave Bob a small red", "book"]], num_steps=2)]),
    # Plain LoRA on every c_attn and c_proj (attention and MLP output projections), two requests, batches of one.
    "lora": dict(fixture="gpt2", kind="lora", target_modules=["c_attn", "c_proj"], rank=4, alpha=8.0, lr=5e-3, batch_size=1,
                 calls=[dict(requests=[["Paris is the capital and largest city of", "France"],
                                       ["The quick brown", "fox"]], num_steps=2)]),
    # EasyEdit's llama-7b.yaml (AdaLoRA on q_proj and v_proj) on the LLaMA fixture: nn.Linear layout, grouped-query
    # attention (v_proj is narrower than q_proj), <s> among the masked prompt tokens; plus down_proj (its commented-out
    # alternative), whose adapter Amend trains on hooks rather than through the weights.
    "adalora_llama": dict(fixture="llama", kind="adalora", target_modules=["q_proj", "v_proj", "down_proj"], rank=12,
                          alpha=32.0,
                          lr=5e-3, batch_size=1,
                          calls=[dict(requests=[["The quick brown fox", "jumps"]], num_steps=3)]),
}


def generate(out: pathlib.Path):
    tensors, cases = {}, {}
    for name, case in CASES.items():
        fixture = case["fixture"]
        m = model.fixture(fixture)
        gen = torch.Generator().manual_seed(1234)
        modules = _modules(m, case["target_modules"])
        adapters = Adapters(m, modules, case["kind"], case["rank"], case["alpha"], gen)
        for n, d in adapters.snapshot().items():
            for k, t in d.items():
                tensors[f"{name}.init.{n}.{k}"] = t
        calls = []
        for i, call in enumerate(case["calls"]):
            losses = []
            continued = case.get("regularise_continued", False)
            reg = 0.5 if case["kind"] == "adalora" and (i == 0 or continued) else 0.0
            _train(m, fixture, adapters, call["requests"], call["num_steps"], case["batch_size"], case["lr"], reg, losses)
            for n, d in adapters.snapshot().items():
                for k, t in d.items():
                    tensors[f"{name}.call{i}.{n}.{k}"] = t
            calls.append(dict(requests=call["requests"], num_steps=call["num_steps"], losses=losses,
                              orth_reg_weight=reg,
                              ids=[dict(prompt=_encode(fixture, p), full=_encode(fixture, p + " " + t))
                                   for p, t in call["requests"]]))
        cases[name] = dict(fixture=fixture, kind=case["kind"], target_modules=case["target_modules"], modules=modules,
                           rank=case["rank"], lora_alpha=case["alpha"], lr=case["lr"], batch_size=case["batch_size"],
                           lora_dropout=0.0, regularise_continued=case.get("regularise_continued", False),
                           calls=calls)
    goldens.write(out, tensors, {
        "method": "lora",
        "cases": cases,
        "tolerance": 1e-3,
        "compares": "adapter matrices (A, B, and E for AdaLoRA) after each call, from the same initial adapter",
        "notes": [
            "EasyEdit easyeditor/models/lora/lora_main.py execute_lora; peft 0.7.1 tuners/lora (Linear), "
            "tuners/adalora (SVDLinear, AdaLoraModel.forward's orthogonal regulariser)",
            "tensor names: <case>.<init|callN>.<module>.<A|B|E>; A [r, in], B [out, r], E [r, 1] (peft's shapes)",
            "lora_dropout 0 in the golden (EasyEdit trains with dropout active; a stochastic trajectory)",
            "AdaLoRA: rank init_r = 12 (EasyEdit's rank: 8 is ignored by AdaLoRA), no rank allocation "
            "(update_and_allocate is never called), orthogonal regulariser 0.5 only in a sequence's first call",
        ],
    })
