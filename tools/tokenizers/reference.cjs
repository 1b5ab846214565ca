// Reference ids from @lenml/tokenizers (a JavaScript port of transformers.js' tokenizers, independent of the
// HuggingFace Rust library that Amend runs). Reads a job from stdin:
//   {"tokenizer": "<tokenizer.json>", "config": "<tokenizer_config.json>", "encode": ["text", ...], "decode": [[ids], ...]}
// and writes {"special": [[ids]...], "plain": [[ids]...], "decoded": ["text", ...]}: each text encoded with and
// without special tokens, each id list decoded as HF's tok.decode(ids) does by default (special tokens kept).
// Run by build.py with NODE_PATH set to the node_modules where the npm packages are installed.
const fs = require("fs");
const { TokenizerLoader } = require("@lenml/tokenizers");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const tokenizer = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(job.tokenizer, "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(job.config, "utf8")),
});
const encode = (text, special) => Array.from(tokenizer.encode(text, { add_special_tokens: special }));
process.stdout.write(JSON.stringify({
  special: (job.encode || []).map((t) => encode(t, true)),
  plain: (job.encode || []).map((t) => encode(t, false)),
  decoded: (job.decode || []).map((ids) => (ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: false }))),
}));
