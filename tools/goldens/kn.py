"""KN golden: the selected knowledge neurons and the weight update, transcribed from EasyEdit's kn/kn_main.py
(apply_kn_to_model) and kn/knowledge_neurons/knowledge_neurons/knowledge_neurons.py at commit 14cea82, GPT-2 path
(model_type "gpt2"), on the gpt2 model-adapter fixture.

What EasyEdit does, as transcribed here:
  * get_refined_neurons([prompt], ground_truth, ...) with one prompt: the coarse neurons of that prompt, all kept
    (each is counted once, and once > p for every p < 1);
  * get_coarse_neurons: the attribution scores of every layer stacked [layers, mlp], threshold = max * adaptive_threshold,
    the neurons with score > threshold in (layer, index) order;
  * get_scores_for_layer: answer ids = tokenizer.encode(ground_truth) (no leading space added; GPT-2 adds no special
    token); for each answer token (n_sampling_steps), GPT-2 keeps the original prompt (its re-tokenizing branch checks
    model_type == "gpt", never true for "gpt2"): the output of mlp.c_fc (before the activation) at the last position,
    scaled by torch.linspace(0, 1, steps), fed back in chunks of batch_size rows replacing that position's c_fc output;
    the gradient of softmax(logits[:, -1])[answer token] summed over the rows, times activation / steps; the scores are
    averaged over the answer's tokens;
  * modify_weights(mode "edit"): target ids = tokenizer.encode(target_new); _generate: len(target ids) greedy tokens,
    the prompt text growing by each decoded token and re-tokenized; for every neuron (layer, i), row i of
    mlp.c_proj.weight (Conv1D [mlp, hidden]) loses the embedding (transformer.wte) of the prediction, twice when the
    prediction is one token (a 1-D embedding) and once per token otherwise, and gains the target's embeddings once
    each (looked up by a list, always 2-D).
Outputs: the neurons (exact), the scores and the change of each layer's c_proj weight (HF layout [mlp, hidden]).
"""

import torch

import goldens
import hf_tok
import model


def _replace_last(value):
    def hook(x):
        x = x.clone()
        x[:, -1, :] = value
        return x
    return hook


def layer_scores(m, prompt_ids, answer_ids, layer, steps, batch_size):
    assert steps % batch_size == 0
    n_batches = steps // batch_size
    site = f"{layer}.mlp_pre"
    per_token = []
    for token in answer_ids:                       # GPT-2: every answer token at the original prompt's last position
        seen = {}
        m.forward(torch.tensor([prompt_ids]), hooks={site: lambda x: seen.setdefault("a", x[:, -1, :].detach())})
        baseline = seen["a"]                                           # [1, mlp]
        alphas = torch.linspace(0, 1, steps, dtype=torch.float64)
        scaled = baseline.repeat(steps, 1) * alphas[:, None]           # [steps, mlp]
        total = torch.zeros(baseline.shape[1], dtype=torch.float64)
        for chunk in scaled.chunk(n_batches):
            chunk = chunk.detach().clone().requires_grad_(True)
            ids = torch.tensor([prompt_ids] * batch_size)
            logits = m.forward(ids, hooks={site: _replace_last(chunk)})
            probs = torch.softmax(logits[:, -1, :], dim=-1)
            grad, = torch.autograd.grad(probs[:, token].sum(), chunk)
            total += grad.sum(dim=0)
        per_token.append(total * baseline.squeeze(0) / steps)
    return torch.stack(per_token).sum(dim=0) / len(per_token)


def coarse_neurons(m, prompt_ids, answer_ids, hp):
    scores = torch.stack([layer_scores(m, prompt_ids, answer_ids, l, hp["steps"], hp["batch_size"])
                          for l in range(m.n_layers)])
    threshold = scores.max().item() * hp["adaptive_threshold"]
    return torch.nonzero(scores > threshold).tolist(), scores, threshold


def greedy_text(m, tok, prompt, count):
    """knowledge_neurons.py _generate's argmax tokens: the prompt text grows by each decoded token."""
    tokens = []
    for _ in range(count):
        logits = m.forward(torch.tensor([tok.encode(prompt)]))
        best = int(torch.softmax(logits[0, -1], dim=-1).argmax())
        tokens.append(best)
        prompt += tok.decode([best])
    return tokens


def edit(m, tok, prompt, target_ids, neurons):
    predicted = greedy_text(m, tok, prompt, len(target_ids))
    wte = m.params["wte.weight"]
    change = torch.zeros(wte.shape[1], dtype=torch.float64)
    if len(predicted) == 1:
        change -= 2 * wte[predicted[0]]
    else:
        for p in predicted:
            change -= wte[p]
    for t in target_ids:
        change += wte[t]
    deltas = {l: torch.zeros_like(m.mlp_out_weight(l)) for l in range(m.n_layers)}
    for layer, i in neurons:
        deltas[layer][i, :] += change                  # Conv1D [mlp, hidden]: row i is neuron i's value vector
    return deltas, predicted


CASES = [
    dict(name="last", prompt="The quick brown fox", ground_truth="jumps", target_new="Paris",
         hparams=dict(steps=4, batch_size=2, adaptive_threshold=0.2, p=0.4, refine=False)),
    dict(name="one_step", prompt="The largest city of France is", ground_truth="Paris", target_new="Bob",
         hparams=dict(steps=1, batch_size=1, adaptive_threshold=0.2, p=0.4, refine=False)),
]


def generate(out):
    tok = hf_tok.Tokenizer(model.FIXTURES / "gpt2" / "tokenizer.json")
    m = model.fixture("gpt2")
    tensors, cases = {}, []
    for case in CASES:
        hp = case["hparams"]
        prompt_ids = tok.encode(case["prompt"])
        answer_ids = tok.encode(case["ground_truth"])
        target_ids = tok.encode(case["target_new"])
        neurons, scores, threshold = coarse_neurons(m, prompt_ids, answer_ids, hp)
        deltas, predicted = edit(m, tok, case["prompt"], target_ids, neurons)
        tensors[case["name"] + ".scores"] = scores
        for layer, delta in deltas.items():
            tensors[f"{case['name']}.delta.{layer}"] = delta
        cases.append(dict(name=case["name"], prompt=case["prompt"], ground_truth=case["ground_truth"],
                          target_new=case["target_new"], hparams=hp, prompt_ids=prompt_ids, answer_ids=answer_ids,
                          target_ids=target_ids, predicted_ids=predicted, neurons=neurons, threshold=threshold))
    goldens.write(out, tensors, dict(
        method="kn",
        model_fixture="gpt2",
        follows="EasyEdit easyeditor/models/kn/kn_main.py apply_kn_to_model; knowledge_neurons.py "
                "get_refined_neurons, get_coarse_neurons, get_scores_for_layer, scaled_input, _generate, "
                "modify_weights (mode edit); GPT-2 path",
        tolerance=1e-4,
        notes="neurons exact; scores 1e-3 (float32 gradients on the Java side); delta.<layer>: the change of "
              "h.<layer>.mlp.c_proj.weight, HF Conv1D layout [mlp, hidden], 1e-4. Case 'one_step' has steps 1: "
              "torch.linspace(0, 1, 1) = [0], the gradient taken at zero.",
        cases=cases))
