"""FT-L and FT-M golden: the tuned weight after a few Adam steps, transcribed from EasyEdit's ft/ft_main.py
(execute_ft) at commit 14cea82, on the gpt2 model-adapter fixture.

What execute_ft does, as transcribed here (one request per call, as EasyEdit's editor passes them):
  * the target gets a leading space (" " + target_new, unless it is " ");
  * the tuned parameters are every parameter whose name contains rewrite_module_tmp.format(layer) (here the template
    names the weight, "transformer.h.{}.mlp.c_proj.weight", so the bias is not tuned: Amend edits weight matrices
    only; EasyEdit's gpt2-xl file names the module, so it tunes c_proj.bias too);
  * torch.optim.Adam(lr, weight_decay) over them; num_steps passes; a batch whose loss is under 1e-2 takes no step;
    after every batch each tuned tensor is clamped to [w0 - eps, w0 + eps] when norm_constraint is a float;
    a pass whose mean loss (AverageMeter, weighted by the batch size) is under 1e-2 ends the loop;
  * prompt_last (FT-L): log_softmax of the logits at the prompt's last token, the mean over the target's tokens of
    their log-probability, negated; the target's tokens are tok(" " + target) on its own (special tokens included;
    GPT-2 adds none);
  * target_new (FT-M): the logits of tok(prompt + " " + target); the mean cross-entropy of the tokens after the
    prompt's own token count.
The output is the tuned weight's change (HF storage layout, GPT-2 Conv1D [in, out]).
"""

import torch

import goldens
import hf_tok
import model

STEP_LOSS = 1e-2


# ------------------------------------------------------------------------------------------------
# execute_ft, transcribed
# ------------------------------------------------------------------------------------------------

def prompt_last_loss(m, prompt_ids, target_ids):
    logits = m.forward(torch.tensor([prompt_ids]))
    log_probs = torch.log_softmax(logits[0, len(prompt_ids) - 1], dim=-1)
    return -log_probs[torch.tensor(target_ids)].mean()


def target_new_loss(m, full_ids, prompt_len):
    logits = m.forward(torch.tensor([full_ids]))[0]
    # CrossEntropy of token t+1 from position t, over the positions after the prompt (label_mask[:, 1:])
    log_probs = torch.log_softmax(logits[:-1], dim=-1)
    labels = torch.tensor(full_ids[1:])
    nll = -log_probs.gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    mask = torch.tensor([i + 1 >= prompt_len for i in range(len(full_ids) - 1)], dtype=torch.float64)
    return (nll * mask).sum() / mask.sum()


def execute_ft(m, loss_fn, hp):
    # named_parameters() of HF's GPT2LMHeadModel: the fixture stores hub-style names without "transformer."
    def hf_name(n):
        gpt2_hub_style = m.model_type == "gpt2" and not n.startswith(("transformer.", "lm_head."))
        return "transformer." + n if gpt2_hub_style else n
    names = [n for n in m.params for layer in hp["layers"] if hp["rewrite_module_tmp"].format(layer) in hf_name(n)]
    original = {n: m.params[n].detach().clone() for n in names}
    for n in names:
        m.params[n] = m.params[n].detach().clone().requires_grad_(True)
    opt = torch.optim.Adam([m.params[n] for n in names], lr=hp["lr"], weight_decay=hp["weight_decay"])
    losses = []
    for _ in range(hp["num_steps"]):
        total, count = 0.0, 0
        opt.zero_grad()
        loss = loss_fn(m)
        losses.append(loss.item())
        total += loss.item() * 1
        count += 1
        if loss.item() >= STEP_LOSS:
            loss.backward()
            opt.step()
        eps = hp["norm_constraint"]
        if isinstance(eps, float):
            with torch.no_grad():
                for n in names:
                    m.params[n][...] = torch.clamp(m.params[n], min=original[n] - eps, max=original[n] + eps)
        if total / count < STEP_LOSS:
            break
    deltas = {n: (m.params[n] - original[n]).detach() for n in names}
    for n in names:
        m.params[n] = original[n]
    return {hf_name(n): d for n, d in deltas.items()}, losses


CASES = [
    dict(name="ft_l", prompt="The capital of France is", target="Paris",
         hparams=dict(layers=[0], num_steps=5, batch_size=1, lr=1e-3, weight_decay=0.0, norm_constraint=3e-3,
                      objective_optimization="prompt_last", rewrite_module_tmp="transformer.h.{}.mlp.c_proj.weight")),
    dict(name="ft_m", prompt="The capital of France is", target="Paris",
         hparams=dict(layers=[0], num_steps=5, batch_size=1, lr=1e-3, weight_decay=0.0, norm_constraint=False,
                      objective_optimization="target_new", rewrite_module_tmp="transformer.h.{}.mlp.c_proj.weight")),
    # LLaMA-style SentencePiece: tok(" France") is <s>, "▁", "▁France": EasyEdit's FT-L scores all three at the
    # prompt's last token
    dict(name="ft_l_llama", fixture="llama", prompt="Paris is the capital of", target="France",
         hparams=dict(layers=[1], num_steps=5, batch_size=1, lr=1e-3, weight_decay=0.0, norm_constraint=3e-3,
                      objective_optimization="prompt_last", rewrite_module_tmp="model.layers.{}.mlp.down_proj.weight")),
]


def generate(out):
    tokenizers = {f: hf_tok.Tokenizer(model.FIXTURES / f / "tokenizer.json") for f in ("gpt2", "llama")}
    tensors, cases = {}, []
    for case in CASES:
        fixture = case.get("fixture", "gpt2")
        tok = tokenizers[fixture]
        m = model.fixture(fixture)
        hp = case["hparams"]
        target = case["target"] if case["target"] == " " else " " + case["target"]
        prompt_ids = tok.encode(case["prompt"])
        target_ids = tok.encode(target)
        full_ids = tok.encode(case["prompt"] + target)
        if hp["objective_optimization"] == "prompt_last":
            deltas, losses = execute_ft(m, lambda mm: prompt_last_loss(mm, prompt_ids, target_ids), hp)
        else:
            deltas, losses = execute_ft(m, lambda mm: target_new_loss(mm, full_ids, len(prompt_ids)), hp)
        (name, delta), = deltas.items()
        tensors[case["name"] + ".delta"] = delta
        cases.append(dict(name=case["name"], prompt=case["prompt"], target_new=case["target"], hparams=hp,
                          parameter=name, prompt_ids=prompt_ids, target_ids=target_ids, full_ids=full_ids,
                          losses=losses, model_fixture=fixture,
                          delta_layout="HF Conv1D [in, out]" if fixture == "gpt2" else "HF Linear [out, in]"))
    goldens.write(out, tensors, dict(
        method="ft",
        model_fixture="gpt2, llama (per case)",
        follows="EasyEdit easyeditor/models/ft/ft_main.py execute_ft (prompt_last and target_new objectives), "
                "torch.optim.Adam",
        tolerance=1e-3,
        notes="float64 reference; the Java side trains in float32. One request per call, as EasyEdit's editor "
              "passes them. target_ids: ' ' + target tokenized on its own (prompt_last); full_ids: prompt + ' ' + "
              "target (target_new), the answer being the tokens after len(prompt_ids).",
        cases=cases))
