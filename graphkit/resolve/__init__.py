"""Identity resolution: papers, authors, institutions and arXiv categories."""
