"""Run Semantic Scholar's S2AND on one labelled set, in an interpreter that has ``s2and`` installed.

S2AND pins its own versions of numpy, scikit-learn and LightGBM, so the benchmark
(``benchmarks/bench_disambiguation.py``) does not import it: it writes the set in S2AND's input format (papers
and signatures, the shapes its README documents) to a JSON file and runs this script with the interpreter that
has S2AND — its own, or the one named by ``--s2and-python`` / ``$GRAPHKIT_S2AND_PYTHON`` (e.g. a separate
virtual environment: ``python -m venv /tmp/s2 && /tmp/s2/bin/pip install s2and``). This file imports nothing
from graphkit.

Two variants of S2AND's bundled production model (``production_model_v1.21``), both offline:

- ``full`` — the production model as shipped (its main and name-free pairwise models averaged), without the
  name-frequency tables it would download (``load_name_counts=False``: those features are missing);
- ``nameless`` — its name-free pairwise model alone.

Usage::

    python benchmarks/s2and_runner.py INPUT.json OUTPUT.json {full,nameless}

``OUTPUT.json`` maps each signature id to its predicted cluster.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def predict(payload: dict[str, object], variant: str) -> dict[str, str]:
    """Signature id -> cluster id, S2AND's production model (``variant``: ``full`` or ``nameless``)."""
    from s2and.data import ANDData  # type: ignore[import-not-found]
    from s2and.production_model import load_production_model  # type: ignore[import-not-found]

    signatures = payload["signatures"]
    dataset = ANDData(
        signatures=signatures,
        papers=payload["papers"],
        name="graphkit-benchmark",
        mode="inference",
        block_type="s2",
        load_name_counts=False,
        n_jobs=1,
    )
    clusterer = load_production_model()
    if variant == "nameless":
        clusterer.classifier = clusterer.nameless_classifier
        clusterer.featurizer_info = clusterer.nameless_featurizer_info
        clusterer.nameless_classifier = None
        clusterer.nameless_featurizer_info = None
    blocks: dict[str, list[str]] = {}
    for signature_id, signature in signatures.items():  # type: ignore[attr-defined]
        blocks.setdefault(signature["author_info"]["block"], []).append(signature_id)
    clusters, _ = clusterer.predict(blocks, dataset)
    return {signature_id: cluster for cluster, members in clusters.items() for signature_id in members}


def main(argv: list[str]) -> int:
    source, target, variant = argv
    payload = json.loads(Path(source).read_text("utf-8"))
    Path(target).write_text(json.dumps(predict(payload, variant)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
