"""R-ROME golden: one edit on the gpt2 fixture, EasyEdit's easyeditor/models/r_rome (r_rome_main.py, compute_u.py,
compute_v.py) with its defaults (enable_random_prefix_keys true: the key direction, the key and the current value all
averaged over the context templates, target = v_init + delta), transcribed in tools/goldens/locate.py; inputs as in
rome.py (whose run_case this reuses)."""

import pathlib

import goldens
import rome

FLAGS = dict(enable_prompt_keys=False, enable_random_prefix_keys=True, original_implementation=False)
HPARAMS = dict(rome.HPARAMS, **FLAGS)
LLAMA_HPARAMS = dict(rome.LLAMA_HPARAMS, **FLAGS)
# R-ROME's other form: the key direction, the key and the current value all from the bare prompt
PROMPT_KEYS_HPARAMS = dict(HPARAMS, enable_prompt_keys=True, enable_random_prefix_keys=False)


def generate(out):
    out = pathlib.Path(out)
    tensors, gpt2 = rome.run_case(out, "gpt2", "gpt2", "r-rome", rome.REQUEST, rome.CONTEXT_GROUPS, HPARAMS, seed=1)
    llama_tensors, llama = rome.run_case(out, "llama", "llama", "r-rome", rome.REQUEST, rome.CONTEXT_GROUPS,
                                         LLAMA_HPARAMS, seed=2)
    tensors.update(llama_tensors)
    prompt_tensors, prompt_keys = rome.run_case(out, "gpt2-prompt-keys", "gpt2", "r-rome", rome.REQUEST,
                                                rome.CONTEXT_GROUPS, PROMPT_KEYS_HPARAMS, seed=1)
    tensors.update(prompt_tensors)
    goldens.write(out, tensors, {
        "cases": {"gpt2": gpt2, "llama": llama, "gpt2-prompt-keys": prompt_keys},
        "notes": "EasyEdit r_rome_main.execute_r_rome (target spaced), r_rome/compute_u.py (key averaged over the "
                 "context templates: enable_random_prefix_keys), r_rome/compute_v.py (target tokenized with special "
                 "tokens, a first BOS/UNK dropped; the optimisation as ROME's; k and v averaged over the templates, "
                 "target = v_init + delta; right = (target - v) / (k . left)), update = right (x) left.",
        "tolerance": {"closed_form": 1e-4, "trajectory": 1e-3},
    })
