"""IKE golden: the exact token ids EasyEdit feeds the model, on the gpt2 and llama fixture tokenizers.

Transcribed from EasyEdit (commit 14cea82) by its semantics:
  * models/ike/util.py:encode_ike_facts — per training record three demonstrations, "New Fact: {p} {t}\\nPrompt: {x}\\n\\n"
    with x = the fact itself ({p} {t}), its rephrase + " " + t, its locality prompt + " " + its answer;
  * models/ike/ike_main.py:apply_ike_to_model — the query "New Fact: {p} {t}\\nPrompt: {p}\\n\\n", the k nearest
    demonstrations most similar first (semantic_search, dot score of unit embeddings); the edit's own fact is NOT
    appended (the line is commented out);
  * evaluate/evaluate.py:compute_icl_edit_quality + icl_lm_eval — the model reads ONE string, tokenized whole:
    ''.join(demonstrations) + f"New Fact: {p} {t}\\nPrompt: {x} {answer}" (x the prompt, its rephrase or a locality
    prompt); LLaMA gets its <s> once, at the start.
The demonstrations are given (the sentence embedder is not transcribed): the golden fixes the prompt the model reads.
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import hf_tok  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "spi-models/src/test/resources/fixtures"

# training records (ZsRE fields) the demonstrations come from, and the edit; words of the fixture texts are single
# tokens, the others ("Prompt", "Fact", ":", "\n") fall back to several
RECORDS = [
    {"src": "The quick brown", "alt": "Bob", "rephrase": "The brown", "loc": "Alice gave", "loc_ans": "book"},
    {"src": "Alice gave", "alt": "fox", "rephrase": "Alice gave a", "loc": "Paris is", "loc_ans": "France"},
]
EDIT = {"prompt": "Paris is the capital of", "target_new": "Alice", "rephrase_prompt": "The capital of",
        "locality_prompt": "The quick brown", "locality_ground_truth": "fox"}
# the k = 2 nearest demonstrations, most similar first, as indices into the pool (an embedder's choice, given here);
# the fixture models have 64 positions, so the ids are those of the string with the first one only (k = 1), and the
# string with both is compared as text
CHOSEN = [4, 0]


def demonstrations(records):
    """encode_ike_facts' sentences, in its order."""
    out = []
    for r in records:
        fact = r["src"] + " " + r["alt"]
        out.append(f"New Fact: {fact}\nPrompt: {fact}\n\n")
        out.append(f"New Fact: {fact}\nPrompt: {r['rephrase']} {r['alt']}\n\n")
        out.append(f"New Fact: {fact}\nPrompt: {r['loc']} {r['loc_ans']}\n\n")
    return out


def generate(out: pathlib.Path):
    out.mkdir(parents=True, exist_ok=True)
    pool = demonstrations(RECORDS)
    icl = [pool[i] for i in CHOSEN]
    p, t = EDIT["prompt"], EDIT["target_new"]
    query = f"New Fact: {p} {t}\nPrompt: {p}\n\n"
    inputs = [("rewrite", p, t), ("rephrase", EDIT["rephrase_prompt"], t),
              ("locality", EDIT["locality_prompt"], EDIT["locality_ground_truth"])]
    cases = {}
    for family in ("gpt2", "llama"):
        tok = hf_tok.Tokenizer(FIXTURES / family / "tokenizer.json")
        rows = []
        for kind, x, answer in inputs:
            text = "".join(icl[:1]) + f"New Fact: {p} {t}\nPrompt: {x} {answer}"
            ids = tok.encode(text)
            assert len(ids) <= 64, (family, kind, len(ids))
            rows.append({"kind": kind, "row_text": f"{x} {answer}", "row_ids": tok.encode(f"{x} {answer}"),
                         "text": text, "ids": ids,
                         "text_k2": "".join(icl) + f"New Fact: {p} {t}\nPrompt: {x} {answer}"})
        cases[family] = rows
    golden = {
        "notes": "EasyEdit 14cea82: models/ike/util.py:encode_ike_facts (pool), models/ike/ike_main.py:"
                 "apply_ike_to_model (query, top-k most similar first), evaluate/evaluate.py:icl_lm_eval (one "
                 "string tokenized whole). Ids computed by tools/goldens/hf_tok.py from the fixtures' tokenizer.json. "
                 "Tolerance: exact.",
        "easyedit_commit": "14cea8245f06715684592ab55184939b99d70784", "tolerance": "exact",
        "records": RECORDS, "edit": EDIT, "pool": pool, "chosen": CHOSEN, "query": query, "cases": cases,
    }
    (out / "golden.json").write_text(json.dumps(golden, indent=1, sort_keys=True, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    generate(ROOT / "spi-methods/src/test/resources/goldens/ike")
