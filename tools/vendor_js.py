"""Copy the pinned Cytoscape.js build from node_modules into graphkit/export/assets (run after `npm ci`).

The HTML map embeds this file so that a map opens with no network access; keeping the copy in the
package means users need no Node. tests/export/test_htmlmap.py checks the copy equals the pinned
npm package wherever node_modules is present (CI runs `npm ci`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "node_modules" / "cytoscape"
TARGET = REPO / "graphkit" / "export" / "assets"


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE / "dist" / "cytoscape.min.js", TARGET / "cytoscape.min.js")
    shutil.copyfile(SOURCE / "LICENSE", TARGET / "cytoscape.LICENSE")
    print(f"vendored cytoscape into {TARGET}")


if __name__ == "__main__":
    main()
