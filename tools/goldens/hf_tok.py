"""A small, independent encoder for the two fixture tokenizer.json families (read from the file, not from the Rust
library): GPT-2 byte-level BPE (ByteLevel pre-tokenizer, add_prefix_space false, no special tokens added) and LLaMA-2
style SentencePiece BPE (normalizer Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer, byte fallback, "<s>" first).
ASCII text only (the GPT-2 split below spells \\p{L} and \\p{N} as ASCII classes). Used by the method goldens to compute
the ids EasyEdit's tokenizer call would give for a string.
"""
import json
import re

# GPT-2's pre-tokenizer regex, ASCII letters and digits standing for \p{L} and \p{N}
_GPT2_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def _bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + \
        list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def _bpe(symbols, ranks):
    symbols = list(symbols)
    while len(symbols) > 1:
        best = None
        for i in range(len(symbols) - 1):
            r = ranks.get((symbols[i], symbols[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            break
        i = best[1]
        symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
    return symbols


class Tokenizer:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            t = json.load(f)
        model = t["model"]
        self.vocab = model["vocab"]
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
        self.ranks = {m: r for r, m in enumerate(merges)}
        pre = t.get("pre_tokenizer") or {}
        self.byte_level = pre.get("type") == "ByteLevel"
        self.b2u = _bytes_to_unicode()

    def encode(self, text, add_special_tokens=True):
        assert text.isascii(), text
        if self.byte_level:
            ids = []
            for piece in _GPT2_SPLIT.findall(text):
                mapped = "".join(self.b2u[b] for b in piece.encode("utf-8"))
                ids += [self.vocab[s] for s in _bpe(mapped, self.ranks)]
            return ids  # GPT-2's post-processor adds no token
        normalized = "\u2581" + text.replace(" ", "\u2581")
        symbols = []
        for ch in normalized:
            if ch in self.vocab:
                symbols.append(ch)
            else:  # byte fallback
                symbols += [f"<0x{b:02X}>" for b in ch.encode("utf-8")]
        # byte tokens never merge (no merge names them); BPE over the rest, the whole text being one word
        ids = [self.vocab[s] for s in _bpe(symbols, self.ranks)]
        return ([self.vocab["<s>"]] if add_special_tokens else []) + ids
