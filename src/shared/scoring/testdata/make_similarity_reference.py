"""Writes similarity-reference.json: a random corpus and the BLEU, chrF and ROUGE values the reference
tools give for it, which similarityReference.test.ts checks Evalbench against, case by case and for
the corpus.

BLEU and chrF come from sacrebleu 2.x itself. rouge-score is not installable here, so ROUGE comes
from the few lines below that follow rouge-score's documented algorithm (lowercase, [a-z0-9] runs,
words longer than 3 characters stemmed with NLTK's PorterStemmer, clipped n-gram overlap, LCS,
best F-measure over references).

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install sacrebleu==2.6.0 nltk
    /tmp/ref/bin/python src/shared/scoring/testdata/make_similarity_reference.py
"""

import json
import random
import re
from collections import Counter
from pathlib import Path

import sacrebleu
from nltk.stem.porter import PorterStemmer

WORDS = (
    "the a of to in and model answer question river town bread market bridge fish apple morning "
    "people crossed bells Paris Obama wasn't it's state-of-the-art 1,000 3.5 2019 12% café naïve "
    "running runs ran happily generalization &amp; <b> e.g. U.S. A. -- ... x"
).split()
PUNCT = [".", ",", "?", "!", ";", ":", "'", '"', "(", ")", "-", "/", "…", "«", "»", "—"]
HAN = "我爱北京天安门的一是在不了有和人这中大为上个国以要他时来用们生到作地于出就分对成会"
KANA = "ひらがなカタカナです"


def english(rng: random.Random, n: int) -> str:
    parts = []
    for i in range(n):
        w = rng.choice(WORDS)
        if i == 0 or rng.random() < 0.1:
            w = w.capitalize()
        r = rng.random()
        if r < 0.15:
            w += rng.choice(PUNCT)
        elif r < 0.2:
            w = rng.choice(PUNCT) + w
        parts.append(w)
    sep = [" ", " ", " ", " ", "  ", "\t", "\n"]
    return "".join(p + (rng.choice(sep) if i < n - 1 else "") for i, p in enumerate(parts))


def chinese(rng: random.Random, n: int) -> str:
    chars = [rng.choice(HAN + KANA + "，。、") for _ in range(n)]
    if rng.random() < 0.5:
        chars.insert(rng.randrange(n + 1), " Model 2.5 ")
    return "".join(chars)


def text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.06:
        return ""
    if r < 0.08:
        return "   "
    if r < 0.25:
        return chinese(rng, rng.randint(1, 40))
    return english(rng, rng.randint(1, 45))


def edit(rng: random.Random, s: str) -> str:
    units = s.split(" ") if " " in s else list(s)
    out = []
    for u in units:
        r = rng.random()
        if r < 0.7:
            out.append(u)
        elif r < 0.85:
            out.append(rng.choice(WORDS) if " " in s else rng.choice(HAN))
    return (" " if " " in s else "").join(out)


def make_cases(rng: random.Random, count: int) -> list:
    cases = []
    while len(cases) < count:
        ref = text(rng)
        refs = [ref]
        if rng.random() < 0.25:
            refs.append(edit(rng, ref) if rng.random() < 0.7 else ("" if rng.random() < 0.5 else None))
        hyp = edit(rng, ref) if rng.random() < 0.8 else text(rng)
        cases.append({"output": hyp, "references": refs})
    return cases


def usable(refs: list) -> list:
    """sacrebleu drops `None` references and keeps an empty string as a reference of length 0;
    Evalbench does the same, and scores a case left with none against one empty reference, where
    sacrebleu would refuse it."""
    return [r for r in refs if r is not None] or [""]


def streams(cases: list) -> list:
    segments = [usable(c["references"]) for c in cases]
    width = max(len(refs) for refs in segments)
    return [[(refs[k] if k < len(refs) else None) for refs in segments] for k in range(width)]


def bleu_values(cases: list, options: dict) -> dict:
    hyps = [c["output"] for c in cases]
    corpus = sacrebleu.BLEU(**options).corpus_score(hyps, streams(cases))
    sentence = sacrebleu.BLEU(**options, effective_order=True)
    return {
        "options": options,
        "corpus": corpus.score,
        "counts": corpus.counts,
        "totals": corpus.totals,
        "sysLen": corpus.sys_len,
        "refLen": corpus.ref_len,
        "sentences": [sentence.sentence_score(c["output"], usable(c["references"])).score for c in cases],
    }


def chrf_values(cases: list, options: dict) -> dict:
    hyps = [c["output"] for c in cases]
    metric = sacrebleu.CHRF(**options)
    return {
        "options": options,
        "corpus": metric.corpus_score(hyps, streams(cases)).score,
        "sentences": [metric.sentence_score(c["output"], usable(c["references"])).score for c in cases],
    }


STEMMER = PorterStemmer()


def rouge_tokens(s: str, stem: bool) -> list:
    tokens = [t for t in re.split(r"\s+", re.sub(r"[^a-z0-9]+", " ", s.lower())) if t]
    return [STEMMER.stem(t) if stem and len(t) > 3 else t for t in tokens]


def ngrams(tokens: list, n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def lcs(a: list, b: list) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev_diag = 0
        for j in range(1, len(b) + 1):
            prev_diag, row[j] = row[j], (prev_diag + 1 if x == b[j - 1] else max(row[j], row[j - 1]))
    return row[-1]


def prf(overlap: int, pred_total: int, ref_total: int) -> list:
    p = overlap / max(pred_total, 1)
    r = overlap / max(ref_total, 1)
    return [p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0]


def rouge_one(pred: str, ref: str, stem: bool) -> dict:
    p, r = rouge_tokens(pred, stem), rouge_tokens(ref, stem)
    out = {}
    for n in (1, 2):
        pc, rc = ngrams(p, n), ngrams(r, n)
        out[f"rouge{n}"] = prf(sum((pc & rc).values()), sum(pc.values()), sum(rc.values()))
    out["rougeL"] = [0.0, 0.0, 0.0] if not p or not r else prf(lcs(r, p), len(p), len(r))
    return out


def rouge_values(cases: list, stem: bool) -> dict:
    sentences = []
    for c in cases:
        best = {}
        for ref in (r for r in c["references"] if r is not None):
            for kind, score in rouge_one(c["output"], ref, stem).items():
                if kind not in best or score[2] > best[kind][2]:
                    best[kind] = score
        sentences.append(best)
    return {"options": {"useStemmer": stem}, "sentences": sentences}


def main() -> None:
    cases = make_cases(random.Random(20261123), 80)
    data = {
        "about": "Made by make_similarity_reference.py with sacrebleu " + sacrebleu.__version__ + "; do not edit by hand.",
        "cases": cases,
        "bleu": [bleu_values(cases, o) for o in ({}, {"tokenize": "zh"}, {"tokenize": "intl"}, {"tokenize": "char"}, {"lowercase": True})],
        "chrf": [chrf_values(cases, o) for o in ({}, {"word_order": 2}, {"word_order": 2, "lowercase": True})],
        "rouge": [rouge_values(cases, False), rouge_values(cases, True)],
    }
    Path(__file__).with_name("similarity-reference.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
