"""Talking to Hugging Face and arXiv: clients, fetching listings, enriching, refreshing.

http.py (the one HTTP client), hf_api.py and arxiv_api.py (one per service), listings.py
(which listing), fetch.py (listing -> store, logged in `fetches`), enrich.py (title-only
papers -> arXiv ids, authors, categories), refresh.py (`sync` and `serve --refresh`);
venues/ (where preprints were published: Semantic Scholar, dblp, Crossref).
"""
