"""Locate-then-edit maths shared by the ROME, R-ROME, MEMIT and AlphaEdit goldens: an independent float64 transcription
of EasyEdit's (commit 14cea82) easyeditor/models/rome/repr_tools.py (where a word's tokens are), rome/compute_u.py
(the key direction), rome/compute_v.py (the value optimisation and the right vector), rome/rome_main.py (execute_rome:
the target's leading space, the rank-one product) and r_rome/ (R-ROME's variants), written from their semantics.

Tokenization: tools/goldens/hf_tok.py's Tokenizer reads a fixture's tokenizer.json (byte-level BPE of the GPT-2
fixture, SentencePiece style BPE with byte fallback of the LLaMA fixture) and encodes / decodes as HF's tokenizers do
for those two files; every id sequence the goldens use is also written to golden.json, and the Java test checks
Amend's tokenizer gives the same ids.

Batching: EasyEdit pads ROME's prompts on the right (editor.py sets padding_side right for ROME-family methods), which
changes nothing for a causal model; here every prompt runs alone, unpadded.

API (model: tools/goldens/model.py's Model; tok: hf_tok.Tokenizer; request: dict prompt (with {} for the subject),
subject, target_new, as EasyEdit passes it to compute_u / compute_v, i.e. after execute_rome's spacing):
    words_idxs(tok, template, word, subtoken)                 repr_tools.get_words_idxs_in_templates, one template
    fact_lookup_idx(tok, template, subject, fact_token, input_prompt)   compute_v.find_fact_lookup_idx
    reprs_at(model, tok, layer, texts, idxs)                  repr_tools.get_reprs_at_idxs (track both): keys, values
    reprs_at_words(model, tok, layer, templates, words, fact_token)     the same at each template's fact token
    compute_ks(model, tok, layer, requests, context_templates, fact_token)
        MEMIT's compute_ks: per request, the key averaged within each group of templates, then over the groups;
        ROME's compute_u averages over one flat list = compute_ks with one group.
    rome_left(key, inv_cov)                                   compute_u's ending: C^-1 k / |C^-1 k|
    rome_spaced(target), memit_spaced(target)                 execute_rome's / execute_memit's leading space
    target_ids(tok, target, strip_bos_unk, add_special_tokens) compute_v's / compute_z's tokenization of it
    optimize_delta(model, tok, request, context_templates, layer, site, hp, ...)
        compute_v's (and compute_z's) optimisation of delta; returns delta, target_init and the trajectory
    compute_v(model, tok, request, layer, left, context_templates, hp, variant)   rome / r-rome right vector
    rome_delta(left, right)                                   the canonical [out, in] update right (x) left
"""

import torch


# ------------------------------------------------------------------------------------------------
# repr_tools: where a word's tokens are, and the activations there
# ------------------------------------------------------------------------------------------------

def words_idxs(tok, template, word, subtoken):
    """repr_tools.get_words_idxs_in_templates for one template (one {}): token counts of the prefix, prefix + word
    and the whole text, each tokenized alone with special tokens; subtoken last / first_after_last / first."""
    assert template.count("{}") == 1, template
    prefix, suffix = template.split("{}")
    prefix_len = len(tok.encode(prefix))
    prompt_len = len(tok.encode(prefix + word))
    input_len = len(tok.encode(prefix + word + suffix))
    word_len, suffix_len = prompt_len - prefix_len, input_len - prompt_len
    if subtoken in ("last", "first_after_last"):
        return prefix_len + word_len - (1 if subtoken == "last" or suffix_len == 0 else 0)
    if subtoken == "first":
        return prefix_len - input_len   # negative: counted from the end, as EasyEdit returns it
    raise ValueError(subtoken)


def fact_lookup_idx(tok, template, subject, fact_token, input_prompt=None):
    """compute_v.find_fact_lookup_idx: 'last' is the last token of input_prompt (the prompt without the target's
    prefix); 'subject_*' the word index in `template` (which may end with the target's prefix)."""
    if fact_token == "last":
        return len(tok.encode(input_prompt)) - 1
    if fact_token.startswith("subject_"):
        return words_idxs(tok, template, subject, fact_token[len("subject_"):])
    raise ValueError(f"fact_token={fact_token} not recognized")


def reprs_at(model, tok, layer, texts, idxs):
    """repr_tools.get_reprs_at_idxs with track 'both' at the MLP output projection of `layer`: its input (the key,
    model.py's mlp_key) and output (mlp_out) at each text's index; [n, mlp], [n, hidden]."""
    keys, values = [], []
    for text, idx in zip(texts, idxs):
        seen = {}

        def keep(name):
            def hook(x):
                seen[name] = x
                return x
            return hook

        with torch.no_grad():
            model.forward([tok.encode(text)], {f"{layer}.mlp_key": keep("k"), f"{layer}.mlp_out": keep("v")})
        keys.append(seen["k"][0, idx])
        values.append(seen["v"][0, idx])
    return torch.stack(keys), torch.stack(values)


def reprs_at_words(model, tok, layer, templates, words, fact_token):
    """get_reprs_at_word_tokens / get_reprs_at_idxs as compute_u and get_module_input_output_at_word call them:
    templates with {} for the word; 'last' reads the last token of the filled text."""
    texts = [t.format(w) for t, w in zip(templates, words)]
    if fact_token == "last":
        idxs = [-1] * len(texts)
    elif fact_token.startswith("subject_"):
        idxs = [words_idxs(tok, t, w, fact_token[len("subject_"):]) for t, w in zip(templates, words)]
    else:
        raise ValueError(f"fact_token={fact_token} not recognized")
    return reprs_at(model, tok, layer, texts, idxs)


def compute_ks(model, tok, layer, requests, context_templates, fact_token):
    """MEMIT's compute_ks: [n_requests, mlp]; context_templates is a list of groups (lists of templates with {} for
    the prompt); each request's key is averaged within each group, then over the groups."""
    out = []
    for request in requests:
        means = []
        for group in context_templates:
            templates = [c.format(request["prompt"]) for c in group]
            keys, _ = reprs_at_words(model, tok, layer, templates, [request["subject"]] * len(group), fact_token)
            means.append(keys.mean(0))
        out.append(torch.stack(means).mean(0))
    return torch.stack(out)


def rome_left(key, inv_cov=None):
    """compute_u's ending: u = C^-1 k when mom2_adjustment (inv_cov given), then u / |u|."""
    u = key if inv_cov is None else inv_cov @ key
    return u / u.norm()


# ------------------------------------------------------------------------------------------------
# compute_v: the target value
# ------------------------------------------------------------------------------------------------

def rome_spaced(target):
    """execute_rome (and execute_r_rome): a space before the target, unless the target is a single space."""
    return target if target == " " else " " + target


def memit_spaced(target):
    """memit_main.execute_memit (and AlphaEdit's): a space before the target unless it begins with one."""
    return target if target.startswith(" ") else " " + target


def target_ids(tok, target, strip_bos_unk=False, add_special_tokens=None):
    """The spaced target tokenized alone. ROME's compute_v: without special tokens. R-ROME's compute_v: with them,
    then a first BOS or UNK dropped (strip_bos_unk=True). MEMIT's compute_z: without special tokens, then a first BOS
    or UNK dropped (strip_bos_unk=True, add_special_tokens=False)."""
    if add_special_tokens is None:
        add_special_tokens = strip_bos_unk
    ids = tok.encode(target, add_special_tokens=add_special_tokens)
    if strip_bos_unk and ids and ids[0] in (tok.bos_id, tok.unk_id):
        ids = ids[1:]
    return ids


def rewriting_inputs(tok, request, context_templates, ids):
    """compute_v's rewriting prompts: each context template around the prompt, followed by the decoded target minus
    its last token; the target ids are the last len(ids) positions' labels. Returns (templates, input ids)."""
    suffix = tok.decode(ids[:-1])
    templates = [c.format(request["prompt"]) + suffix for c in context_templates]
    return templates, [tok.encode(t.format(request["subject"])) for t in templates]


def optimize_delta(model, tok, request, context_templates, layer, site, hp, ids, lookup_input_prompts=True):
    """compute_v's (and compute_z's) optimisation of delta, added to `site`'s activation at each prompt's fact token
    (site f"{layer}.mlp_out" for ROME, f"{layer}.resid_out" for MEMIT): Adam(lr v_lr) on mean NLL of the target over
    the rewriting prompts + kl_factor * KL(current || initial) on "{} is a" + v_weight_decay * |delta| / |v_init|^2,
    stopping under 5e-2 or at v_num_grad_steps (whose last step only measures), delta clamped to
    clamp_norm_factor * |v_init| after each step.

    hp: dict with v_lr, v_num_grad_steps, kl_factor, v_weight_decay, clamp_norm_factor, fact_token.
    lookup_input_prompts: ROME's find_fact_lookup_idx gets the prompt without the target's prefix as input_prompt
    (used by fact_token 'last').
    Returns dict delta, target_init, losses (per step: total, nll, kl, decay), deltas (after each step), lookups,
    inputs (rewriting ids + KL ids).
    """
    templates, inputs = rewriting_inputs(tok, request, context_templates, ids)
    kl_template = "{} is a"
    subject = request["subject"]
    vanilla = [c.format(request["prompt"]).format(subject) for c in context_templates] + [kl_template.format(subject)]
    all_templates = templates + [kl_template]
    lookups = [fact_lookup_idx(tok, t, subject, hp["fact_token"], vanilla[i] if lookup_input_prompts else
                               t.format(subject)) for i, t in enumerate(all_templates)]
    kl_ids = tok.encode(kl_template.format(subject))
    width = model.params[model.mlp_out_name(layer)].shape[0 if model.model_type == "llama" else 1]
    delta = torch.zeros(width, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([delta], lr=hp["v_lr"])
    target_init, kl_init = None, None
    losses, deltas = [], []

    def run(row_ids, idx, record_init):
        nonlocal target_init

        def hook(x):
            nonlocal target_init
            if record_init and target_init is None:
                target_init = x[0, idx].detach().clone()
            mask = torch.zeros(x.shape[1], 1, dtype=x.dtype)
            mask[idx] = 1.0
            return x + mask * delta
        return model.forward([row_ids], {site: hook})[0]

    n = len(ids)
    for it in range(hp["v_num_grad_steps"]):
        opt.zero_grad()
        nll_each = []
        for row, (row_ids, idx) in enumerate(zip(inputs, lookups)):
            logits = run(row_ids, idx, row == 0)
            log_probs = torch.log_softmax(logits, dim=-1)
            length = len(row_ids)
            picked = log_probs[torch.arange(length - n, length), torch.tensor(ids)]
            nll_each.append(-picked.sum() / n)
        nll = torch.stack(nll_each).mean()
        kl_log_probs = torch.log_softmax(run(kl_ids, lookups[-1], False)[lookups[-1]], dim=-1)
        if kl_init is None:
            kl_init = kl_log_probs.detach().clone()
        kl = hp["kl_factor"] * (kl_log_probs.exp() * (kl_log_probs - kl_init)).sum()   # kl_div(init, cur, log_target)
        decay = hp["v_weight_decay"] * (delta.norm() / target_init.norm() ** 2)
        loss = nll + kl + decay
        losses.append([loss.item(), nll.item(), kl.item(), decay.item()])
        if loss < 5e-2 or it == hp["v_num_grad_steps"] - 1:
            break
        loss.backward()
        opt.step()
        max_norm = hp["clamp_norm_factor"] * target_init.norm()
        if delta.norm() > max_norm:
            with torch.no_grad():
                delta[...] = delta * max_norm / delta.norm()
        deltas.append(delta.detach().clone())
    return {"delta": delta.detach().clone(), "target_init": target_init, "losses": losses, "deltas": deltas,
            "lookups": lookups, "inputs": inputs + [kl_ids], "templates": all_templates}


def compute_v(model, tok, request, layer, left, context_templates, hp, variant="rome"):
    """compute_v: the right vector (target - v) / (k . left).

    variant 'rome' (rome/compute_v.py): target ids without special tokens; k and v from the bare prompt;
      target = target_init + delta.
    variant 'r-rome' (r_rome/compute_v.py): target ids with BOS / UNK dropped; with enable_random_prefix_keys
      (hp, default true) k and v averaged over the context templates and target = target_init + delta, else k and v
      from the bare prompt and target = v + delta.
    Returns dict right, target, cur_input, cur_output and optimize_delta's results.
    """
    ids = target_ids(tok, request["target_new"], strip_bos_unk=(variant == "r-rome"))
    opt = optimize_delta(model, tok, request, context_templates, layer, f"{layer}.mlp_out", hp, ids)
    subject, fact_token = request["subject"], hp["fact_token"]
    if variant == "r-rome" and hp.get("enable_random_prefix_keys", True):
        keys, values = reprs_at_words(model, tok, layer, [c.format(request["prompt"]) for c in context_templates],
                                      [subject] * len(context_templates), fact_token)
        cur_input, cur_output = keys.mean(0), values.mean(0)
        target = opt["target_init"] + opt["delta"]
    else:
        keys, values = reprs_at_words(model, tok, layer, [request["prompt"]], [subject], fact_token)
        cur_input, cur_output = keys[0], values[0]
        base = opt["target_init"] if variant == "rome" else cur_output
        target = base + opt["delta"]
    right = (target - cur_output) / torch.dot(cur_input, left)
    return dict(opt, right=right, target=target, cur_input=cur_input, cur_output=cur_output, target_ids=ids)


def rome_delta(left, right):
    """The update in canonical [out, in] layout: right (x) left (EasyEdit adds left^T right to GPT-2's Conv1D [in, out]
    weight and its transpose to nn.Linear's [out, in], upd_matrix_match_shape)."""
    return torch.outer(right, left)
