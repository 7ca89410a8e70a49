"""Paper similarity from citations: co-citation and bibliographic coupling, top-k per paper.

* **Co-citation** (Small 1973, doi:10.1002/asi.4630240406): two papers are similar when later
  papers cite both; the weight is the number of papers citing both.
* **Bibliographic coupling** (Kessler 1963, doi:10.1002/asi.5090140103): two papers are similar when
  they cite the same works; the weight is the number of shared references.

Both are computed as sparse matrix products (``AᵀA`` and ``AAᵀ`` of the citing × cited matrix), then
each paper keeps its ``k`` strongest partners (ties broken by id, so results are reproducible).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["top_k_similar"]


def top_k_similar(cites: set[tuple[str, str]], *, k: int = 10, kind: str = "cocitation") -> dict[tuple[str, str], int]:
    """Pairs ``(paper, partner) -> weight`` keeping each paper's ``k`` strongest partners.

    Examples
    --------
    >>> edges = {("c1", "a"), ("c1", "b"), ("c2", "a"), ("c2", "b"), ("c2", "x")}
    >>> top_k_similar(edges, k=1)[("a", "b")]
    2
    >>> top_k_similar(edges, kind="coupling")[("c1", "c2")]
    2
    """
    if kind not in {"cocitation", "coupling"}:
        raise ValueError("kind is 'cocitation' or 'coupling'")
    if not cites:
        return {}
    ids = sorted({p for edge in cites for p in edge})
    index = {p: i for i, p in enumerate(ids)}
    rows = np.fromiter((index[s] for s, _ in cites), dtype=np.int64, count=len(cites))
    cols = np.fromiter((index[d] for _, d in cites), dtype=np.int64, count=len(cites))
    matrix = sparse.csr_matrix((np.ones(len(cites), dtype=np.int64), (rows, cols)), shape=(len(ids), len(ids)))
    product = (matrix.T @ matrix) if kind == "cocitation" else (matrix @ matrix.T)
    product = sparse.csr_matrix(product)
    product.setdiag(0)
    product.eliminate_zeros()
    result: dict[tuple[str, str], int] = {}
    for row in range(product.shape[0]):
        start, end = product.indptr[row], product.indptr[row + 1]
        if start == end:
            continue
        partners, weights = product.indices[start:end], product.data[start:end]
        order = sorted(range(len(partners)), key=lambda i: (-weights[i], ids[partners[i]]))[:k]
        for i in order:
            result[(ids[row], ids[partners[i]])] = int(weights[i])
    return result
