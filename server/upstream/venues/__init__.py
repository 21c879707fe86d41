"""Finding where a preprint was published: Semantic Scholar, DBLP and Crossref.

service.py (turn-taking and JSON over the shared HTTP client), one client per service
(semantic_scholar.py, dblp.py, crossref.py: each turns its records into `Candidate`s),
matching.py (the pure rules that decide: an id link, or title + first author + year; never a
guess), clients.py (the three made from the settings) and resolve.py (papers in, checks
stored, one report out).
"""
