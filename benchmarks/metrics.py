"""Ranking quality metrics over graded relevance (2 = ideal partner, 1 = relevant)."""

import numpy as np


def ndcg(ranked, relevant, k):
    gains = [relevant.get(lab, 0) for lab in ranked[:k]]
    dcg = sum((2**g - 1) / np.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / np.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, relevant, k):
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked, relevant):
    """1 / rank of the first ideal partner (grade 2), 0 when it is not ranked."""
    for i, lab in enumerate(ranked):
        if relevant.get(lab) == 2:
            return 1.0 / (i + 1)
    return 0.0


def hit(ranked, relevant, k):
    return float(any(relevant.get(lab) == 2 for lab in ranked[:k]))


def summarise(rankings, needs):
    """Mean metrics of rankings (lists of lab ids) against needs' ``relevant`` mappings."""
    rows = [
        (ndcg(r, n["relevant"], 5), ndcg(r, n["relevant"], 10), recall(r, n["relevant"], 10),
         reciprocal_rank(r, n["relevant"]), hit(r, n["relevant"], 5), hit(r, n["relevant"], 10))
        for r, n in zip(rankings, needs)
    ]
    means = np.mean(rows, axis=0) if rows else np.zeros(6)
    return dict(zip(("nDCG@5", "nDCG@10", "recall@10", "MRR", "hit@5", "hit@10"), map(float, means)), n=len(rows))
