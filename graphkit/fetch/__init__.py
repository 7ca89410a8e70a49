"""Fetchers for users with internet: arXiv, OpenAlex and Semantic Scholar, written as files that
``graphkit build`` reads. One shared client (:mod:`graphkit.fetch.client`) gives every fetcher a
hard cap, retries with backoff on 429 and 5xx, per-host rate limits and an on-disk cache."""
