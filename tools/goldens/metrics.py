"""EasyEdit's metrics on the gpt2 fixture model: an independent transcription (written from the semantics of
EasyEdit's easyeditor/evaluate/evaluate_utils.py test_prediction_acc and evaluate.py compute_rewrite_or_rephrase_quality
/ compute_locality_quality / compute_portability_quality, and editors/editor.py's locality comparison, commit 14cea82;
not copied).

    /usr/bin/python3 tools/goldens/metrics.py     # writes spi-metrics/src/test/resources/goldens/metrics/golden.json

Two scorings, as EasyEdit's metric_meta names them:
- decoder_only_teacher_forcing (EasyEdit's default): the model reads prompt + " " + target (special tokens added);
  the labels are its ids after as many tokens as the prompt alone has; a probe scores mean(argmax == label) over them.
  Locality (pre_post_argmax_token_match): the same argmax tokens before and after the edit, mean(pre == post).
- vanilla_generation (EasyEdit's GRACE path, test_prediction_acc(vanilla_generation=True)): the target is tokenized
  alone without a leading space or special tokens (k ids); greedy decoding of k new tokens after the prompt (stopping
  at EOS, as HF generate does); the last k ids of prompt + generation are compared with the target's.
  Locality (pre_post_generated_token_match): those last k ids before and after, mean(pre == post).
The "edited" model is the gpt2 fixture with layer 0's MLP output projection weight (c_proj, no bias) halved, so that
locality is neither 0 nor 1 (the Java test scales the same weight through Weights.set).
Every probe is scored alone (a batch of one), as EasyEdit does for the edit prompt; see the golden's notes.
"""

import json
import pathlib
import sys

import torch

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import hf_tok  # noqa: E402
import model as model_py  # noqa: E402

OUT = ROOT / "spi-metrics" / "src" / "test" / "resources" / "goldens" / "metrics"

# EasyEdit-style records over the fixture's words. The targets follow the post-edit model's greedy continuations in
# part (the random fixture predicts none of the fixture's sentences), so that the scores are neither all 0 nor all 1;
# alone, without the leading space, "red", "largest", "Franc", "Bob" are byte tokens (the vanilla-generation quirk).
REQUESTS = [
    {"prompt": "Alice gave Bob a small red", "target_new": "red book", "rephrase_prompt": "Alice gave Bob a small",
     "portability": {"one_hop": [("Alice gave Bob", "Bob Bob")]},
     "locality": {"neighborhood": [("The quick brown", "fox jumps over")]}},
    {"prompt": "Paris is the capital and largest", "target_new": "largest largest city",
     "rephrase_prompt": "Paris is the capital and largest city",
     "portability": {"one_hop": [("Alice gave Bob a small", "small small red")],
                     "reasoning": [("The quick brown fox jumps", "Franc Paris")]},
     "locality": {"neighborhood": [("Paris is the", "capital and largest")],
                  "distracting": [("Alice gave Bob", "a small red book")]}},
    {"prompt": "The quick brown fox jumps", "target_new": "Franc Franc", "rephrase_prompt": "The quick brown fox",
     "portability": {}, "locality": {"neighborhood": [("Paris is the capital and", "largest city of France")]}},
]

# the "edit": the post-edit model is the gpt2 fixture with layer 0's MLP output projection weight scaled by this
EDIT_LAYER, EDIT_SCALE = 0, 0.5


def tokenizer():
    """The gpt2 fixture's tokenizer.json by tools/goldens/hf_tok.py: encode(text, add_special_tokens) (GPT-2 adds no
    special tokens)."""
    return hf_tok.Tokenizer(model_py.FIXTURES / "gpt2" / "tokenizer.json").encode


def argmax_tokens(m, ids):
    with torch.no_grad():
        return m.forward(torch.tensor([ids]))[0].argmax(-1).tolist()


def teacher_forcing(m, encode, prompt, target):
    """test_prediction_acc, one prompt: (argmax at the label positions, labels, input ids)."""
    prompt_len = len(encode(prompt, True))
    full = encode(prompt + " " + target, True)
    answers = argmax_tokens(m, full)[prompt_len - 1:-1]
    return answers, full[prompt_len:], full


def generated_tail(m, encode, prompt, target, eos):
    """test_prediction_acc(vanilla_generation=True), one prompt: the last k ids of prompt + greedy continuation."""
    target_ids = encode(target, False)
    ids = encode(prompt, True)
    for _ in range(len(target_ids)):
        nxt = argmax_tokens(m, ids)[-1]
        ids = ids + [nxt]
        if nxt == eos:
            break
    return ids[-len(target_ids):], target_ids


def mean_equal(a, b):
    return sum(x == y for x, y in zip(a, b)) / len(a)


def scores(pre, post, encode, eos):
    out = []
    for r in REQUESTS:
        rec = {"teacher_forcing": {}, "vanilla_generation": {}, "ids": {}}
        tf, vg = rec["teacher_forcing"], rec["vanilla_generation"]
        for key, prompt in (("rewrite", r["prompt"]), ("rephrase", r["rephrase_prompt"])):
            answers, labels, full = teacher_forcing(post, encode, prompt, r["target_new"])
            tf[key + "_acc"] = mean_equal(answers, labels)
            rec["ids"][key] = {"input_ids": full, "labels": labels, "target_ids": encode(r["target_new"], False)}
            tail, target_ids = generated_tail(post, encode, prompt, r["target_new"], eos)
            vg[key + "_acc"] = mean_equal(target_ids, tail)
        for group, probes in r["portability"].items():
            tf["portability." + group] = [mean_equal(*teacher_forcing(post, encode, p, a)[:2]) for p, a in probes]
            vg["portability." + group] = [mean_equal(*generated_tail(post, encode, p, a, eos)) for p, a in probes]
        for group, probes in r["locality"].items():
            tf["locality." + group] = [mean_equal(teacher_forcing(pre, encode, p, a)[0],
                                                  teacher_forcing(post, encode, p, a)[0]) for p, a in probes]
            vg["locality." + group] = [mean_equal(generated_tail(pre, encode, p, a, eos)[0],
                                                  generated_tail(post, encode, p, a, eos)[0]) for p, a in probes]
        out.append(rec)
    return out


def generate_metrics(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pre, post = model_py.fixture("gpt2"), model_py.fixture("gpt2")
    with torch.no_grad():
        post.params[post.mlp_out_name(EDIT_LAYER)] *= EDIT_SCALE
    eos = json.loads((model_py.FIXTURES / "gpt2" / "config.json").read_text())["eos_token_id"]
    golden = {
        "requests": [{**r, "portability": {g: [list(p) for p in v] for g, v in r["portability"].items()},
                      "locality": {g: [list(p) for p in v] for g, v in r["locality"].items()}} for r in REQUESTS],
        "model": "gpt2", "edit": {"layer": EDIT_LAYER, "weight": "MLP_OUT_PROJ", "scale": EDIT_SCALE},
        "scores": scores(pre, post, tokenizer(), eos),
        "tolerance": 1e-12,
        "notes": ("EasyEdit 14cea82 evaluate_utils.test_prediction_acc (teacher forcing; vanilla_generation=True as "
                  "for GRACE), evaluate.compute_rewrite_or_rephrase_quality / compute_locality_quality / "
                  "compute_portability_quality, editor.py locality: mean(pre == post) per probe. Each probe alone "
                  "(batch of one). Written by tools/goldens/metrics.py."),
    }
    (out / "golden.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
    return golden


if __name__ == "__main__":
    g = generate_metrics(OUT)
    for r, s in zip(g["requests"], g["scores"]):
        print(r["prompt"], "->", r["target_new"], json.dumps({k: s[k] for k in ("teacher_forcing", "vanilla_generation")}))
