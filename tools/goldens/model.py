"""A float64 PyTorch transcription of the GPT-2 and LLaMA forward passes, with hook points, for method goldens.

Written from HuggingFace Transformers' modeling_gpt2.py / modeling_llama.py semantics (see tools/fixtures/README.md
for the commits read), independently of Amend's Java adapters, so that a method's transcription (ROME's
compute_v, FT's loss, ...) can run on the very checkpoints the Java golden tests load. Autograd flows through
every parameter in `Model.params` and through whatever a hook returns.

Hook sites, per layer l (what a hook receives and may replace, shape [B, T, width]):
    "{l}.attn_out"  the attention block's output projection (before the residual add)
    "{l}.mlp_pre"   the MLP's first projection before the activation (GPT-2 c_fc output; LLaMA gate_proj output,
                    as Amend's HookPoint.MLP_PRE and EasyEdit's knowledge neurons read it)
    "{l}.mlp_key"   the input of the MLP's output projection (after the activation; after the gate for LLaMA)
    "{l}.mlp_out"   the MLP's output (before the residual add)
    "{l}.resid_out" the block's output (the residual stream after block l)
and "embed", the input embeddings (token + position for GPT-2) before the first block.
"""

import json
import math
import pathlib
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "fixtures"))
import st_io  # noqa: E402  (the fixtures' independent safetensors reader)


def _gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


ACTIVATIONS = {
    "gelu_new": _gelu_new,
    "gelu": lambda x: torch.nn.functional.gelu(x),
    "relu": torch.relu,
    "silu": torch.nn.functional.silu,
}


def _causal_mask(t, device=None):
    return torch.ones(t, t, dtype=torch.bool, device=device).tril()


def _attention(q, k, v, scale):
    """q, k, v: [B, H, T, D]; causal softmax attention in float64."""
    t = q.shape[-2]
    scores = (q @ k.transpose(-1, -2)) * scale
    scores = scores.masked_fill(~_causal_mask(t), float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def _split(x, heads):
    b, t, d = x.shape
    return x.view(b, t, heads, d // heads).transpose(1, 2)


def _merge(x):
    b, h, t, d = x.shape
    return x.transpose(1, 2).reshape(b, t, h * d)


def _rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Model:
    """A checkpoint's weights as float64 tensors plus a forward pass with hooks."""

    def __init__(self, config, params):
        self.config = config
        self.params = params
        self.model_type = config["model_type"]
        if self.model_type not in ("gpt2", "llama"):
            raise ValueError(f"model_type {self.model_type}: only gpt2 and llama are transcribed")

    @property
    def n_layers(self):
        return self.config["n_layer"] if self.model_type == "gpt2" else self.config["num_hidden_layers"]

    def mlp_out_name(self, layer):
        """The HF name of layer `layer`'s MLP output projection weight."""
        if self.model_type == "gpt2":
            return self._gpt2_prefix() + f"h.{layer}.mlp.c_proj.weight"
        return f"model.layers.{layer}.mlp.down_proj.weight"

    def mlp_out_weight(self, layer):
        """That weight in HF storage layout: GPT-2 Conv1D [in, out], LLaMA nn.Linear [out, in]."""
        return self.params[self.mlp_out_name(layer)]

    def forward(self, ids, hooks=None):
        """Logits [B, T, V] for ids [B, T] (no padding; positions 0..T-1)."""
        hooks = hooks or {}
        ids = torch.as_tensor(ids, dtype=torch.long)
        if ids.dim() == 1:
            ids = ids.unsqueeze(0)
        run = self._gpt2 if self.model_type == "gpt2" else self._llama
        return run(ids, lambda site, x: hooks[site](x) if site in hooks else x)

    def _gpt2_prefix(self):
        return "transformer." if "transformer.wte.weight" in self.params else ""

    def _gpt2(self, ids, hook):
        w, c, p = self.params, self.config, self._gpt2_prefix()
        eps, heads = c["layer_norm_epsilon"], c["n_head"]
        act = ACTIVATIONS[c["activation_function"]]
        t = ids.shape[1]
        x = hook("embed", w[p + "wte.weight"][ids] + w[p + "wpe.weight"][torch.arange(t)])

        def ln(x, name):
            return torch.nn.functional.layer_norm(x, x.shape[-1:], w[name + ".weight"], w[name + ".bias"], eps)

        def conv1d(x, name):
            return x @ w[name + ".weight"] + w[name + ".bias"]

        for l in range(c["n_layer"]):
            b = f"{p}h.{l}."
            qkv = conv1d(ln(x, b + "ln_1"), b + "attn.c_attn")
            q, k, v = (_split(a, heads) for a in qkv.split(qkv.shape[-1] // 3, dim=-1))
            attn = conv1d(_merge(_attention(q, k, v, 1.0 / math.sqrt(q.shape[-1]))), b + "attn.c_proj")
            x = x + hook(f"{l}.attn_out", attn)
            pre = hook(f"{l}.mlp_pre", conv1d(ln(x, b + "ln_2"), b + "mlp.c_fc"))
            key = hook(f"{l}.mlp_key", act(pre))
            x = x + hook(f"{l}.mlp_out", conv1d(key, b + "mlp.c_proj"))
            x = hook(f"{l}.resid_out", x)
        x = ln(x, p + "ln_f")
        head = w["lm_head.weight"] if "lm_head.weight" in w else w[p + "wte.weight"]
        return x @ head.T

    def _llama(self, ids, hook):
        w, c = self.params, self.config
        heads, kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
        head_dim = c.get("head_dim") or c["hidden_size"] // heads
        eps, theta = c["rms_norm_eps"], c.get("rope_theta", 10000.0)
        if c.get("rope_scaling") is not None:
            raise ValueError("rope_scaling is not transcribed")
        act = ACTIVATIONS[c["hidden_act"]]
        t = ids.shape[1]
        inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
        freqs = torch.outer(torch.arange(t, dtype=torch.float64), inv_freq)
        cos, sin = torch.cat((freqs, freqs), -1).cos(), torch.cat((freqs, freqs), -1).sin()

        def rms(x, name):
            return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w[name]

        def linear(x, name):
            y = x @ w[name + ".weight"].T
            return y + w[name + ".bias"] if name + ".bias" in w else y

        x = hook("embed", w["model.embed_tokens.weight"][ids])
        for l in range(c["num_hidden_layers"]):
            b = f"model.layers.{l}."
            h = rms(x, b + "input_layernorm.weight")
            q = _split(linear(h, b + "self_attn.q_proj"), heads)
            k = _split(linear(h, b + "self_attn.k_proj"), kv_heads)
            v = _split(linear(h, b + "self_attn.v_proj"), kv_heads)
            q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
            k, v = (a.repeat_interleave(heads // kv_heads, dim=1) for a in (k, v))
            attn = linear(_merge(_attention(q, k, v, head_dim ** -0.5)), b + "self_attn.o_proj")
            x = x + hook(f"{l}.attn_out", attn)
            h = rms(x, b + "post_attention_layernorm.weight")
            pre = hook(f"{l}.mlp_pre", linear(h, b + "mlp.gate_proj"))
            key = hook(f"{l}.mlp_key", act(pre) * linear(h, b + "mlp.up_proj"))
            x = x + hook(f"{l}.mlp_out", linear(key, b + "mlp.down_proj"))
            x = hook(f"{l}.resid_out", x)
        x = rms(x, "model.norm.weight")
        head = w["lm_head.weight"] if "lm_head.weight" in w else w["model.embed_tokens.weight"]
        return x @ head.T


LEGACY_BUFFERS = (".attn.bias", ".attn.masked_bias", ".attention.bias", ".attention.masked_bias", "inv_freq")


def load(directory):
    """The checkpoint in `directory` (config.json + model.safetensors), weights upcast to float64."""
    directory = pathlib.Path(directory)
    config = json.loads((directory / "config.json").read_text())
    _, tensors = st_io.read(directory / "model.safetensors")
    params = {name: torch.tensor(array, dtype=torch.float64) for name, (_, _, array) in tensors.items()
              if not name.endswith(LEGACY_BUFFERS)}
    return Model(config, params)


FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "spi-models" / "src" / "test" / "resources" / "fixtures"


def fixture(name):
    """A model-adapter fixture by name ("gpt2", "llama", ...): the checkpoints the Java goldens load too."""
    return load(FIXTURES / name)


def _check_against_fixture_goldens():
    """This transcription reproduces the fixtures' numpy reference (tools/fixtures/reference.py) to ~1e-13."""
    for name in ("gpt2", "llama"):
        m = fixture(name)
        golden = json.loads((FIXTURES / name / "golden.json").read_text())
        _, reference = st_io.read(FIXTURES / name / "golden.safetensors")
        layer = golden["mlp_key_layer"]
        for k, case in enumerate(golden["cases"]):
            seen = {}
            logits = m.forward(case["input_ids"], hooks={f"{layer}.mlp_key": lambda x: seen.setdefault("key", x)})
            for what, ours in (("logits", logits[0]), ("mlp_key", seen["key"][0])):
                err = float((ours - torch.tensor(reference[f"case{k}.{what}"][2])).abs().max())
                assert err < 1e-12, f"{name} case {k} {what}: {err}"
                print(f"{name} case {k} {what}: max abs diff {err:.1e}")


if __name__ == "__main__":
    _check_against_fixture_goldens()
