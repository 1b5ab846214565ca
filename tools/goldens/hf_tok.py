"""The one tokenizer of the method and metric goldens: a small, independent encoder / decoder for the two fixture
tokenizer.json families (read from the file, not from the Rust library), giving the ids HF's tokenizers give for
those two files, which are the ids EasyEdit's tokenizer calls see:
  * GPT-2 byte-level BPE (ByteLevel pre-tokenizer, add_prefix_space false; the post-processor adds no special token,
    so add_special_tokens changes nothing); ASCII text only, as the GPT-2 split below spells \\p{L} as [^\\W\\d_] and
    \\p{N} as \\d, exact for ASCII;
  * LLaMA-2 style SentencePiece BPE (normalizer Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer, the whole text
    one word; byte fallback for a symbol outside the vocabulary; "<s>" first when add_special_tokens). An empty text
    stays empty (the Prepend normalizer leaves it so).
decode maps ids back to text (byte-level bytes; "▁" to spaces and <0xNN> to bytes, the leading space dropped).
Every id sequence the goldens use is also written to their golden.json, and the Java tests check Amend's tokenizer
gives the same ids.

    tok = hf_tok.Tokenizer(model.FIXTURES / "gpt2" / "tokenizer.json")
    tok.encode(text, add_special_tokens=True) -> [int];  tok.decode(ids) -> str
    tok.vocab, tok.bos_id (None for GPT-2), tok.unk_id (None when the vocabulary has no "<unk>")
"""
import json
import pathlib
import re

SPIECE = "\u2581"

# GPT-2's pre-tokenizer regex with \p{L} as [^\W\d_] and \p{N} as \d (the fixtures' texts are ASCII)
_GPT2_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")
_BYTE_TOKEN = re.compile(r"<0x([0-9A-F]{2})>")


def _bytes_to_unicode():
    """GPT-2's byte -> printable character table of the ByteLevel pre-tokenizer."""
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
    """Merges the adjacent pair of lowest merge rank (the leftmost on ties) until no pair has a rank."""
    symbols = list(symbols)
    while True:
        best = None
        for i in range(len(symbols) - 1):
            r = ranks.get((symbols[i], symbols[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            return symbols
        i = best[1]
        symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]


class Tokenizer:
    """The GPT-2 (byte-level BPE) or LLaMA (SentencePiece-style BPE, byte fallback, <s>) fixture tokenizer."""

    def __init__(self, path):
        spec = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        model = spec["model"]
        self.vocab = model["vocab"]
        self.inverse = {i: t for t, i in self.vocab.items()}
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
        self.ranks = {m: r for r, m in enumerate(merges)}
        self.byte_level = (spec.get("pre_tokenizer") or {}).get("type") == "ByteLevel"
        if self.byte_level:
            self.b2u = _bytes_to_unicode()
            self.u2b = {u: b for b, u in self.b2u.items()}
            self.bos_id = None
        else:
            self.bos_id = self.vocab["<s>"]
        self.unk_id = self.vocab.get("<unk>")

    def encode(self, text, add_special_tokens=True):
        if self.byte_level:   # GPT-2's post-processor adds no special token
            assert text.isascii(), text
            ids = []
            for piece in _GPT2_SPLIT.findall(text):
                mapped = "".join(self.b2u[b] for b in piece.encode("utf-8"))
                ids += [self.vocab[s] for s in _bpe(mapped, self.ranks)]
            return ids
        ids = [self.bos_id] if add_special_tokens else []
        if text:   # the Prepend normalizer leaves an empty text empty
            for symbol in _bpe(SPIECE + text.replace(" ", SPIECE), self.ranks):
                if symbol in self.vocab:
                    ids.append(self.vocab[symbol])
                else:   # byte fallback
                    ids += [self.vocab[f"<0x{b:02X}>"] for b in symbol.encode("utf-8")]
        return ids

    def decode(self, ids):
        tokens = [self.inverse[int(i)] for i in ids]
        if self.byte_level:   # as HF's GPT2Tokenizer
            return bytes(self.u2b[c] for t in tokens for c in t).decode("utf-8", errors="replace")
        out = bytearray()
        for t in tokens:
            m = _BYTE_TOKEN.fullmatch(t)
            out += bytes([int(m.group(1), 16)]) if m else t.replace(SPIECE, " ").encode("utf-8")
        text = out.decode("utf-8", errors="replace")
        return text[1:] if text.startswith(" ") else text
