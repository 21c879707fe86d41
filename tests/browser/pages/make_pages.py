"""Writes the fixture pages: Hugging Face papers pages in the shapes the real site serves.

Each list page carries what huggingface.co carries: the embedded JSON in
`div.SVELTE_HYDRATER[data-target="DailyPapers"]`'s HTML-escaped `data-props`, and one
`<article>` card per paper whose title is `h3 > a[href="/papers/<id>"]` and whose upvotes sit
in `div.leading-none`. Variants drop one of the two. Run `python tests/browser/pages/make_pages.py`
after changing it; the pages are committed so a reader can open them.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOSTILE_TITLE = "Robust <img src=x onerror=window.__papershelfPwned=1> Parsing of Titles"

PAPERS = [
    (
        "2509.04664",
        "Why Language Models Hallucinate",
        ["Adam Tauman Kalai", "Ofir Nachum", "Santosh S. Vempala", "Edwin Zhang"],
        26,
        3,
    ),
    (
        "2512.20001",
        "Diffusion Language Models Are Strong Planners",
        ["Mei Tanaka", "Jonas Berg"],
        41,
        2,
    ),
    (
        "2512.20002",
        "Sparse Mixtures of Experts for Long-Context Retrieval",
        ["Ana Lima", "Rui Costa", "Li Wei"],
        17,
        0,
    ),
    ("2512.20003", HOSTILE_TITLE, ["Eve Example"], 5, 1),
    ("2512.20004", "Scaling Laws for Diffusion Transformers in Video", ["Sam Okafor"], 9, 4),
]


def api_item(arxiv_id, title, authors, upvotes, comments, featured="2025-12-24"):
    """One `dailyPapers` item as the HF API and the page's props carry it."""
    return {
        "paper": {
            "id": arxiv_id,
            "authors": [
                {"_id": f"a{n}", "name": name, "hidden": False} for n, name in enumerate(authors)
            ],
            "publishedAt": "2025-12-22T17:59:59.000Z",
            "submittedOnDailyAt": f"{featured}T01:00:00.000Z",
            "title": title,
            "summary": f"We study {title.lower()}.\nResults hold across\nbenchmarks.",
            "upvotes": upvotes,
            "ai_keywords": ["language models", "evaluation"],
        },
        "publishedAt": f"{featured}T01:00:00.000Z",
        "title": title,
        "summary": f"We study {title.lower()}.",
        "numComments": comments,
        "isAuthorParticipating": False,
    }


def card(arxiv_id, title_html, upvotes, comments):
    """One <article> card; `title_html` is already escaped (may hold highlight spans)."""
    return f"""
<article class="relative flex flex-col overflow-hidden rounded-xl border">
  <a href="/papers/{arxiv_id}" class="thumb block" aria-hidden="true" tabindex="-1"></a>
  <div class="flex items-start gap-2 p-3">
    <label class="upvote flex flex-col items-center rounded-lg border px-2 py-1">
      <input type="checkbox" class="peer hidden">
      <svg class="text-xs" width="1em" height="1em" viewBox="0 0 12 12">
        <path d="M6 2l4 6H2z" fill="currentColor"></path></svg>
      <div class="leading-none">{upvotes}</div>
    </label>
    <div class="w-full">
      <h3 class="mb-1 text-lg font-semibold leading-tight hover:underline">
        <a href="/papers/{arxiv_id}"
           class="line-clamp-3 cursor-pointer text-balance">{title_html}</a>
      </h3>
      <div class="flex items-center gap-2 text-sm text-gray-500">
        <span>Submitted by someone</span>
        <a href="/papers/{arxiv_id}#community" class="comments">{comments} comments</a>
      </div>
    </div>
  </div>
</article>"""


STYLE = """
<style>
  body { font-family: sans-serif; margin: 0; background: #f9fafb; color: #111827; }
  html.dark body { background: #0b0f19; color: #e5e7eb; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
  article { background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; overflow: hidden; }
  html.dark article { background: #111827; border-color: #1f2937; }
  .thumb { height: 60px; background: linear-gradient(90deg, #e0e7ff, #fce7f3); }
  .p-3 { padding: 12px; } .flex { display: flex; } .gap-2 { gap: 8px; }
  .upvote { display: flex; flex-direction: column; align-items: center; padding: 4px 8px;
            border: 1px solid #e5e7eb; border-radius: 8px; }
  .hidden { display: none; }
  h3 { font-size: 17px; margin: 0 0 6px; } h3 a { color: inherit; text-decoration: none; }
  .highlight { background: #fde68a; }
  .text-sm { font-size: 13px; color: #6b7280; }
</style>"""


def page(title, body, props=None, target="DailyPapers", extra="", heading="Daily Papers"):
    hydrater = ""
    if props is not None:
        attr = escape(json.dumps(props), quote=True)
        hydrater = (
            f'<div class="SVELTE_HYDRATER contents" data-target="{target}" data-props="{attr}">'
        )
        body = hydrater + body + "</div>"
    return f"""<!doctype html>
<html lang="en" class="">
<head><meta charset="utf-8"><title>{escape(title)}</title>{STYLE}</head>
<body><main>
{f"<h1>{heading}</h1>" if heading else ""}
{body}
</main>{extra}</body>
</html>
"""


def cards_html(papers, highlight=None):
    out = []
    for arxiv_id, title, _authors, upvotes, comments in papers:
        title_html = escape(title)
        if highlight and highlight.lower() in title.lower():
            start = title.lower().index(highlight.lower())
            end = start + len(highlight)
            title_html = (
                escape(title[:start])
                + '<span class="highlight">'
                + escape(title[start:end])
                + "</span>"
                + escape(title[end:])
            )
        out.append(card(arxiv_id, title_html, upvotes, comments))
    return '<div class="grid">' + "".join(out) + "</div>"


def many_papers(count):
    return [
        (
            f"2512.{30000 + n:05d}",
            f"Generated Paper Number {n + 1} on Efficient Training",
            [f"Author {n} A", f"Author {n} B"],
            n % 50,
            n % 4,
        )
        for n in range(count)
    ]


LATER_SCRIPT = """
<script>
  // What client-side navigation and infinite scroll do: new cards, and a re-rendered list.
  window.addMoreCards = function () {
    const template = document.getElementById("more-cards");
    document.querySelector(".grid").append(template.content.cloneNode(true));
  };
  window.rerenderFirstCard = function () {
    const first = document.querySelector("article");
    first.replaceWith(first.cloneNode(true));
  };
</script>"""


def build() -> dict[str, str]:
    daily_props = {
        "dailyPapers": [api_item(*p) for p in PAPERS],
        "periodType": "day",
        "date": "2025-12-24",
    }
    search_hits = [p for p in PAPERS if "diffusion" in p[1].lower()]
    search_props = {
        "query": "diffusion",
        "searchResults": [
            {**api_item(*p), "publishedAt": "2025-12-23T01:00:00.000Z"} for p in search_hits
        ],
    }
    many = many_papers(200)
    later_first, later_more = PAPERS[:2], PAPERS[2:4]
    later_extra = (
        '<template id="more-cards">'
        + "".join(card(p[0], escape(p[1]), p[3], p[4]) for p in later_more)
        + "</template>"
        + LATER_SCRIPT
    )
    paper = api_item(*PAPERS[0])["paper"]
    paper_body = (
        '<section><h1 class="text-2xl">' + escape(PAPERS[0][1]) + "</h1>"
        "<p>" + escape(paper["summary"]) + "</p></section>"
    )
    return {
        "daily.html": page("Daily Papers - Dec 24", cards_html(PAPERS), daily_props),
        "cards_only.html": page("Daily Papers - week 52", cards_html(PAPERS)),
        "json_only.html": page("Daily Papers - December", "<p>Loading…</p>", daily_props),
        "search.html": page(
            "Search: diffusion", cards_html(search_hits, "diffusion"), search_props
        ),
        "many.html": page(
            "Trending papers", cards_html(many), {"dailyPapers": [api_item(*p) for p in many]}
        ),
        "later.html": page(
            "Daily Papers - Dec 23", cards_html(later_first), None, extra=later_extra
        ),
        "paper.html": page(
            PAPERS[0][1], paper_body, {"paper": paper}, target="PaperContent", heading=""
        ),
    }


if __name__ == "__main__":
    for name, text in build().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {name} ({len(text)} bytes)")
