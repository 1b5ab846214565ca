"""What EasyEdit computes from token ids: an independent transcription (written from the semantics of EasyEdit's
source at commit 14cea82, not copied) of

- rome/repr_tools.py get_words_idxs_in_templates and rome/compute_v.py find_fact_lookup_idx (which token an edit
  reads its key at and writes its value to),
- the target tokens of the v/z loss: rome/rome_main.py execute_rome (" " + target unless the target is " ") and
  rome/compute_v.py compute_v; memit/memit_main.py execute_memit and alphaedit/AlphaEdit_main.py (" " + target unless
  it starts with a space) with memit/compute_z.py compute_z (a first BOS or unk id dropped); the rewriting prompt
  (prompt + decode(target_ids[:-1])) and the positions whose logits the loss reads,
- the metric positions of evaluate/evaluate_utils.py test_prediction_acc: teacher forcing (prompt + " " + target,
  both tokenized with the special tokens, labels after the prompt's own token count) and the vanilla-generation path
  that GRACE is scored with (target tokenized alone without special tokens; as many greedy tokens as it has).

`encode(text, special)` is a tokenizer: ids of `text`, with the special tokens the tokenizer adds when `special` (HF's
`tok.encode(text)` / `tok(text)` default add_special_tokens=True). `decode(ids)` is HF's `tok.decode(ids)`.
"""


def words_idxs_in_templates(encode, templates, words, subtoken):
    """repr_tools.get_words_idxs_in_templates: one [index] per template. "first" is, as in EasyEdit, negative
    (counted from the end of the unpadded text); "last" and "first_after_last" are counted from the start."""
    assert all(t.count("{}") == 1 for t in templates)
    out = []
    for template, word in zip(templates, words):
        prefix, suffix = template.split("{}")
        prefix_len = len(encode(prefix, True))
        prompt_len = len(encode(prefix + word, True))
        input_len = len(encode(prefix + word + suffix, True))
        words_len = prompt_len - prefix_len
        suffixes_len = input_len - prompt_len
        if subtoken in ("last", "first_after_last"):
            back = 1 if subtoken == "last" or suffixes_len == 0 else 0
            out.append([prefix_len + words_len - back])
        elif subtoken == "first":
            out.append([prefix_len - input_len])
        else:
            raise ValueError(subtoken)
    return out


def fact_lookup_idx(encode, prompt, subject, strategy, input_prompt):
    """compute_v.find_fact_lookup_idx (the same in memit/compute_z.py)."""
    if strategy == "last":
        return len(encode(input_prompt, True)) - 1
    if strategy.startswith("subject_"):
        return words_idxs_in_templates(encode, [prompt], [subject], strategy[len("subject_"):])[0][0]
    raise ValueError(strategy)


def rome_target_text(target):
    """rome_main.execute_rome: a space is put in front of every target but " " (even one that starts with a space)."""
    return " " + target if target != " " else target


def memit_target_text(target):
    """memit_main.execute_memit, AlphaEdit_main: a space in front unless the target starts with one."""
    return target if target[0] == " " else " " + target


def target_ids(encode, text, drop_bos_or_unk, bos_id, unk_id):
    """compute_v / compute_z: tok.encode(target, add_special_tokens=False); compute_z (MEMIT, AlphaEdit) then drops a
    first BOS or unk id, compute_v (ROME) has that line commented out."""
    ids = encode(text, False)
    if drop_bos_or_unk and ids and ids[0] in (bos_id, unk_id):
        ids = ids[1:]
    return ids


def rewriting(encode, decode, prompt_template, subject, ids):
    """compute_v/compute_z with the context template "{}": the rewriting prompt is prompt + decode(ids[:-1]), filled
    with the subject and tokenized with special tokens; the loss reads the logits at the last len(ids) positions of
    its unpadded length (ex_len - len(ids) .. ex_len - 1) against ids."""
    template = prompt_template + decode(ids[:-1])
    text = template.format(subject)
    full = encode(text, True)
    ex_len = len(full)
    return {"template": template, "text": text, "ids": full,
            "logit_positions": list(range(ex_len - len(ids), ex_len))}


def teacher_forcing(encode, prompt, target):
    """test_prediction_acc (vanilla_generation False), one unpadded row: labels are the ids of prompt + ' ' + target
    after as many tokens as prompt alone has; predictions are the argmax at the positions before each label."""
    prompt_len = len(encode(prompt, True))
    full = encode(prompt + " " + target, True)
    return {"input_ids": full, "prompt_len": prompt_len, "labels": full[prompt_len:],
            "logit_positions": list(range(prompt_len - 1, len(full) - 1))}


def vanilla_generation(encode, prompt, target):
    """test_prediction_acc (vanilla_generation True, GRACE): the prompt with its special tokens, the target tokenized
    alone (no leading space, no special tokens); len(target ids) greedy tokens are compared with them."""
    return {"input_ids": encode(prompt, True), "target_ids": encode(target, False)}
