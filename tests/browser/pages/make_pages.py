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


# A listing's JSON names only the first authors of some papers; the card says how many there
# are (as huggingface.co's cards do), which tells a reader the named list is partial.
AUTHOR_COUNTS = {"2512.20001": 9}


def card(arxiv_id, title_html, upvotes, comments, authors=None):
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
        {f"<span>{authors} author{'' if authors == 1 else 's'}</span>" if authors else ""}
        <a href="/papers/{arxiv_id}#community" class="comments">{comments} comments</a>
      </div>
    </div>
  </div>
</article>"""


BASE_STYLE = """
  body { font-family: sans-serif; margin: 0; background: #f9fafb; color: #111827; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
  article { background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; overflow: hidden; }
  .thumb { height: 60px; background: linear-gradient(90deg, #e0e7ff, #fce7f3); }
  .p-3 { padding: 12px; } .flex { display: flex; } .gap-2 { gap: 8px; }
  .upvote { display: flex; flex-direction: column; align-items: center; padding: 4px 8px;
            border: 1px solid #e5e7eb; border-radius: 8px; }
  .hidden { display: none; }
  h3 { font-size: 17px; margin: 0 0 6px; } h3 a { color: inherit; text-decoration: none; }
  .highlight { background: #fde68a; }
  .text-sm { font-size: 13px; color: #6b7280; }
"""
DARK_BODY = "background: #0b0f19; color: #e5e7eb;"
DARK_CARD = "background: #111827; border-color: #1f2937;"
# The three ways a page turns dark: Hugging Face's class on <html>, a class on <body>, or
# only the OS preference.
DARK_STYLE = {
    "html": f"  html.dark body {{ {DARK_BODY} }}\n  html.dark article {{ {DARK_CARD} }}\n",
    "body": f"  body.dark {{ {DARK_BODY} }}\n  body.dark article {{ {DARK_CARD} }}\n",
    "media": (
        "  @media (prefers-color-scheme: dark) {\n"
        f"    body {{ {DARK_BODY} }}\n    article {{ {DARK_CARD} }}\n  }}\n"
    ),
}


def style(dark: str = "html") -> str:
    return f"<style>{BASE_STYLE}{DARK_STYLE[dark]}</style>"


def page(
    title, body, props=None, target="DailyPapers", extra="", heading="Daily Papers", dark="html"
):
    hydrater = ""
    if props is not None:
        attr = escape(json.dumps(props), quote=True)
        hydrater = (
            f'<div class="SVELTE_HYDRATER contents" data-target="{target}" data-props="{attr}">'
        )
        body = hydrater + body + "</div>"
    return f"""<!doctype html>
<html lang="en" class="">
<head><meta charset="utf-8"><title>{escape(title)}</title>{style(dark)}</head>
<body{' class="dark"' if dark == "body" else ""}><main>
{f"<h1>{heading}</h1>" if heading else ""}
{body}
</main>{extra}</body>
</html>
"""


def cards_html(papers, highlight=None):
    out = []
    for arxiv_id, title, authors, upvotes, comments in papers:
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
        count = AUTHOR_COUNTS.get(arxiv_id, len(authors))
        out.append(card(arxiv_id, title_html, upvotes, comments, count))
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


# An arXiv abstract page in arXiv's own markup (arXiv/arxiv-browse: browse/templates/base.html,
# abs/abs.html, abs/author_links.html; the <meta> tags of browse/formatting/metatags.py).
ARXIV_PAPER = {
    "id": "2512.20006",
    "version": 2,
    "title": "Retrieval-Augmented Planning for Embodied Agents",
    # citation_author is "Surname, Given"; the page shows "Given Surname".
    "authors": [("Okonkwo", "Chiamaka"), ("van der Berg", "Pieter"), ("Zhang", "Wei")],
    "abstract": (
        "Embodied agents plan over long horizons with 5% of the compute of prior work\n"
        "while keeping $\\alpha$-robustness & safety constraints."
    ),
    "submitted": "2025/12/22",
    "primary": ("Artificial Intelligence", "cs.AI"),
    "secondary": [("Robotics", "cs.RO")],
}


def arxiv_abs_page(paper=ARXIV_PAPER) -> str:
    arxiv_id, version = paper["id"], paper["version"]
    authors = paper["authors"]
    metas = [("citation_title", paper["title"])]
    metas += [("citation_author", f"{surname}, {given}") for surname, given in authors]
    metas += [
        ("citation_date", paper["submitted"]),
        ("citation_online_date", paper["submitted"]),
        ("citation_pdf_url", f"https://arxiv.org/pdf/{arxiv_id}"),
        ("citation_arxiv_id", arxiv_id),
        ("citation_abstract", paper["abstract"]),
    ]
    meta_html = "\n".join(
        f'<meta name="{name}" content="{escape(value, quote=True)}" />' for name, value in metas
    )
    author_links = ", ".join(
        f'<a href="https://arxiv.org/search/cs?searchtype=author&amp;query={escape(s)},+{escape(g)}"'
        f' rel="nofollow">{escape(g)} {escape(s)}</a>'
        for s, g in authors
    )
    primary_name, primary = paper["primary"]
    secondary = "".join(f"; {escape(name)} ({cat})" for name, cat in paper["secondary"])
    abstract_html = escape(paper["abstract"]).replace("\n", "<br>\n")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <script>document.documentElement.classList.add('js');</script>
  <title>[{arxiv_id}] {escape(paper["title"])}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>
    body {{ font-family: "Lucida Grande", Helvetica, Arial, sans-serif; margin: 0;
            background: #fff; color: #000; font-size: 15px; }}
    header {{ background: #b31b1b; color: #fff; padding: 10px 16px; }}
    header a {{ color: #fff; }}
    #abs-outer {{ display: flex; gap: 24px; padding: 16px; }}
    .leftcolumn {{ flex: 1; }} .extra-services {{ width: 240px; }}
    .subheader h1 {{ font-size: 14px; font-weight: normal; }}
    h1.title {{ font-size: 22px; line-height: 1.3; margin: 12px 0; }}
    .descriptor {{ display: none; }}
    .authors a {{ color: #0645ad; }}
    blockquote.abstract {{ margin: 16px 0; line-height: 1.5; }}
    .metatable td {{ padding: 2px 8px 2px 0; vertical-align: top; }}
    .primary-subject {{ font-weight: bold; }}
  </style>
{meta_html}
</head>
<body>
  <div class="flex-wrap-footer">
    <a href="#content" class="ds-skip-link">Skip to main content</a>
    <header><a href="https://arxiv.org/">arXiv</a> &gt;
      <a href="https://arxiv.org/list/cs/recent">cs</a> &gt; arXiv:{arxiv_id}</header>
    <main>
      <div id="content">
<div id="abs-outer">
  <div class="leftcolumn">
    <div class="subheader">
      <h1>Computer Science &gt; {escape(primary_name)}</h1>
    </div>
    <div class="header-breadcrumbs-mobile">
      <strong>arXiv:{arxiv_id}</strong> (cs)
    </div>
<div id="content-inner">
  <div id="abs">
    <div class="dateline">[Submitted on 22 Dec 2025
      (<a href="https://arxiv.org/abs/{arxiv_id}v1">v1</a>), last revised 23 Dec 2025
      (this version, v{version})]</div>
    <h1 class="title mathjax"><span class="descriptor">Title:</span>{escape(paper["title"])}</h1>
    <div class="authors"><span class="descriptor">Authors:</span>{author_links}</div>
    <a class="mobile-submission-download" href="https://arxiv.org/pdf/{arxiv_id}">View PDF</a>
    <blockquote class="abstract mathjax">
            <span class="descriptor">Abstract:</span>{abstract_html}
    </blockquote>
    <div class="metatable">
      <table summary="Additional metadata">
        <tr>
          <td class="tablecell label">Subjects:</td>
          <td class="tablecell subjects">
            <span class="primary-subject">{escape(primary_name)} ({primary})</span>{secondary}
          </td>
        </tr>
        <tr>
          <td class="tablecell label">Cite as:</td>
          <td class="tablecell arxivid"><span class="arxivid">
            <a href="https://arxiv.org/abs/{arxiv_id}">arXiv:{arxiv_id}</a> [{primary}]</span></td>
        </tr>
        <tr>
          <td class="tablecell label">&nbsp;</td>
          <td class="tablecell arxivdoi">
              <a href="https://doi.org/10.48550/arXiv.{arxiv_id}" id="arxiv-doi-link">https://doi.org/10.48550/arXiv.{arxiv_id}</a>
          </td>
        </tr>
      </table>
    </div>
  </div>
</div>
    <div class="submission-history">
      <h2>Submission history</h2> From: {escape(authors[0][1])} {escape(authors[0][0])}
      <br/><strong><a href="https://arxiv.org/abs/{arxiv_id}v1" rel="nofollow">[v1]</a></strong>
        Mon, 22 Dec 2025 17:59:59 UTC (1,024 KB)<br/>
      <strong>[v{version}]</strong>
        Tue, 23 Dec 2025 09:00:00 UTC (1,030 KB)<br/>
    </div>
  </div>
  <div class="extra-services">
    <h2>Access Paper:</h2>
    <ul><li><a href="https://arxiv.org/pdf/{arxiv_id}"
               class="abs-button download-pdf">View PDF</a></li></ul>
  </div>
</div>
      </div>
    </main>
  </div>
</body>
</html>
"""


# A page anywhere on the web that links to papers: what the context menu is for.
LINKED = {
    "arxiv_abs": "https://arxiv.org/abs/2306.10426v2",
    "arxiv_pdf": "https://arxiv.org/pdf/2411.15124v1",
    "hf_paper": "https://huggingface.co/papers/2108.06209",
    "not_a_paper": "https://huggingface.co/google/gemma-2b",
}


def blog_page() -> str:
    items = "\n".join(
        f'    <li><a id="{key}" href="{url}">{escape(url)}</a></li>' for key, url in LINKED.items()
    )
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>My reading list</title></head>
<body>
  <h1>Papers I read this week</h1>
  <ul>
{items}
  </ul>
</body>
</html>
"""


# The smallest well-formed PDF: an empty page (what an arXiv PDF tab shows, for the URL).
TINY_PDF = """%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


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
        "theme_body.html": page(
            "Daily Papers - Dec 22", cards_html(PAPERS), daily_props, dark="body"
        ),
        "theme_media.html": page(
            "Daily Papers - Dec 21", cards_html(PAPERS), daily_props, dark="media"
        ),
        "arxiv_abs.html": arxiv_abs_page(),
        "blog.html": blog_page(),
        "tiny.pdf": TINY_PDF,
    }


if __name__ == "__main__":
    for name, text in build().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {name} ({len(text)} bytes)")
