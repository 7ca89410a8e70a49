"""The foundation every stage imports: records, ids, errors, settings, text and name normalisation, the arXiv taxonomy.

Nothing here imports from another graphkit package.
"""
