"""The shipped seed, a papers page copied as text, parsed completely."""

from datetime import date

import pytest

from server.parsing import ParseError, parse_any
from server.parsing.text import parse_listing_text
from tests.conftest import SEED

# (title start, author count, published, trailing count) for all 45 papers, in page order,
# read off the seed by hand.
EXPECTED = [
    ("Understanding Certified Training with In", 4, "2023-06-17", None),
    ("SplitMeanFlow: Interval Splitting Consis", 11, "2025-07-22", None),
    ("MoDec-GS: Global-to-Local Motion Decompo", 6, "2025-01-07", 2),
    ("HyperInterval: Hypernetwork approach to ", 6, "2024-05-24", None),
    ("Fast Certified Robust Training with Shor", 5, "2021-03-31", None),
    ("TÜLU 3: Pushing Frontiers in Open Langua", 23, "2024-11-22", 3),
    ("MIST: Mutual Information Via Supervised ", 5, "2025-11-24", 2),
    ("W2v-BERT: Combining Contrastive Learning", 7, "2021-08-07", None),
    ("Do Your Best and Get Enough Rest for Con", 4, "2025-03-24", None),
    ("Efficient In-Context Learning in Vision-", 4, "2023-11-28", None),
    ("Pre-train, Prompt, and Predict: A System", 6, "2021-07-28", None),
    ("Catching the Details: Self-Distilled RoI", None, None, None),
    ("All in an Aggregated Image for In-Image ", 8, "2024-02-27", None),
    ("Protecting Copyrighted Material with Uni", 4, "2024-03-23", None),
    ("Addressing Negative Transfer in Diffusio", 7, "2023-06-01", None),
    ("Knowing You Don't Know: Learning When to", 4, "2025-05-05", None),
    ("Meta-training with Demonstration Retriev", 5, "2023-06-30", None),
    ("Reasoning to Learn from Latent Thoughts", 4, "2025-03-24", 1),
    ("Benchmarking Neural Network Training Alg", 25, "2023-06-12", 1),
    ("In-BoXBART: Get Instructions into Biomed", 6, "2022-04-15", None),
    ("General-Purpose In-Context Learning by M", 4, "2022-12-08", None),
    ("Answering Unseen Questions With Smaller ", 4, "2023-08-09", None),
    ("Towards a Unified View of Large Language", None, None, None),
    ("R-Tuning: Teaching Large Language Models", 9, "2023-11-16", None),
    ("Don't Stop Pretraining? Make Prompt-base", 2, "2023-05-02", None),
    ("Instance-Level Composed Image Retrieval", 8, "2025-10-29", None),
    ("MTraining: Distributed Dynamic Sparse At", 6, "2025-10-21", None),
    ("Language Models can Self-Lengthen to Gen", 10, "2024-10-31", 3),
    ("Learning to Break the Loop: Analyzing an", 6, "2022-06-06", None),
    ("A Simple Baseline that Questions the Use", 4, "2022-10-10", None),
    ("Instruction Tuning with Human Curriculum", 3, "2023-10-14", None),
    ("Why think step by step? Reasoning emerge", 3, "2023-04-07", None),
    ("How Much Backtracking is Enough? Explori", 4, "2025-05-30", 4),
    ("Spectrum Tuning: Post-Training for Distr", 8, "2025-10-07", None),
    ("Long-Context LLMs Meet RAG: Overcoming C", 4, "2024-10-08", None),
    ("Modeling of learning curves with applica", 3, "2024-02-04", None),
    ("Unpacking DPO and PPO: Disentangling Bes", 9, "2024-06-13", None),
    ("Metis-SPECS: Decoupling Multimodal Learn", 7, "2025-10-28", None),
    ("OctoThinker: Mid-training Incentivizes R", 4, "2025-06-25", 1),
    ("World Modeling with Probabilistic Struct", 16, "2025-09-10", 4),
    ("Towards Better Alignment: Training Diffu", 9, "2025-03-14", None),
    ("Adaptive Guidance Accelerates Reinforcem", 6, "2025-06-16", None),
    ("Hierarchical Video-Moment Retrieval and ", 7, "2023-03-28", None),
    ("Pay-Per-Search Models are Abstention Mod", None, None, None),
    ("POINTS: Improving Your Vision-language M", 6, "2024-09-07", 6),
]


@pytest.fixture(scope="module")
def seed():
    return parse_any(SEED.read_bytes(), name=SEED.name)


def test_seed_yields_all_45_papers_without_problems(seed):
    assert seed.form == "text"
    assert len(seed.papers) == 45
    assert seed.problems == []
    assert seed.notes == []  # the year came from the file name, nothing inferred


def test_every_paper_has_its_counts_dates_and_trailing_numbers(seed):
    got = [
        (
            p.title[:40],
            p.author_count,
            p.published.isoformat() if p.published else None,
            p.comments,
        )
        for p in seed.papers
    ]
    assert got == EXPECTED


def test_titles_and_abstracts_are_verbatim_lines_of_the_page(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    positions = []
    for paper in seed.papers:
        assert paper.title in lines
        assert paper.abstract in lines
        assert lines.index(paper.abstract) == lines.index(paper.title) + 2
        positions.append(lines.index(paper.title))
    assert positions == sorted(positions)


def test_latex_debris_is_kept_in_abstracts(seed):
    tulu = next(p for p in seed.papers if p.title.startswith("TÜLU 3"))
    assert 'T\\"ULU 3, a family of fully-open' in tulu.abstract
    w2v = next(p for p in seed.papers if p.title.startswith("W2v-BERT"))
    assert "masked language modeling~(MLM)" in w2v.abstract


def test_text_papers_have_title_ids_and_no_invented_data(seed):
    paper = seed.papers[0]
    assert paper.arxiv_id is None
    assert paper.authors == []
    assert paper.featured is None
    assert paper.upvotes is None
    assert paper.id == "understanding-certified-training-with-interval-b-d75858a1a1"
    assert paper.links.hf == (
        "https://huggingface.co/papers?q=Understanding+Certified+Training+with+Interval+Bound+Propagation"
    )
    assert [s.to_json() for s in paper.sources] == [
        {"kind": "text", "location": SEED.name, "seen": "2025-12-24"}
    ]


def test_code_and_project_links_lose_trailing_punctuation_and_template_debris(seed):
    by_title = {p.title[:30]: p for p in seed.papers}
    assert by_title["Fast Certified Robust Training"].links.code == [
        "https://github.com/shizhouxing/Fast-Certified-Robust-Training"
    ]
    assert by_title["Addressing Negative Transfer i"].links.project == [
        "https://gohyojun15.github.io/ANT_diffusion/"
    ]
    unpacking = by_title["Unpacking DPO and PPO: Disenta"]
    assert unpacking.links.code == [
        "https://github.com/hamishivi/EasyLM",
        "https://github.com/allenai/open-instruct",
    ]
    assert unpacking.links.project == [
        "https://huggingface.co/collections/allenai/tulu-v25-suite-66676520fd578080e126f618"
    ]
    assert by_title["Pre-train, Prompt, and Predict"].links.project == [
        "http://pretrain.nlpedia.ai/"
    ]
    with_code = [p for p in seed.papers if p.links.code]
    assert len(with_code) == 9


def test_page_year_comes_from_as_of_before_anything_else():
    text = SEED.read_text(encoding="utf-8")
    result = parse_listing_text(text, name="copied.txt", as_of=date(2026, 3, 1))
    split = next(p for p in result.papers if p.title.startswith("SplitMeanFlow"))
    # "Jul 22" without a year on a page seen 2026-03-01: the latest Jul 22 before it.
    assert split.published == date(2025, 7, 22)
    assert result.papers[0].sources[0].seen == date(2025, 12, 24)  # the page's own "Dec 24"


def test_page_year_is_inferred_and_reported_when_nothing_gives_it():
    result = parse_listing_text(SEED.read_text(encoding="utf-8"), name="pasted")
    assert result.notes == [
        "page year inferred as 2025 (latest year on the page + 1); "
        "pass --as-of YYYY-MM-DD to set it"
    ]
    mist = next(p for p in result.papers if p.title.startswith("MIST"))
    assert mist.published == date(2025, 11, 24)


def test_a_bad_meta_block_is_reported_with_its_line_and_the_rest_go_in():
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("Jun 17, 2023", "Jun 37, 2023").replace(
        "  • 11 authors", "  • many authors"
    )
    result = parse_listing_text(text, name=SEED.name)
    assert len(result.papers) == 45
    assert [str(p) for p in result.problems] == [
        "line 19: cannot read the date 'Jun 37, 2023'",
        "line 25: cannot read the author count in '• many authors'",
    ]
    assert result.papers[0].published is None and result.papers[0].author_count == 4


def test_a_truncated_page_keeps_what_it_has_and_says_what_is_missing():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    truncated = "\n".join(lines[:29])  # cut right after the third paper's title
    result = parse_listing_text(truncated, name=SEED.name)
    assert [p.title[:20] for p in result.papers] == [
        "Understanding Certif",
        "SplitMeanFlow: Inter",
        "MoDec-GS: Global-to-",
    ]
    assert [str(p) for p in result.problems] == [
        "line 29: paper 'MoDec-GS: Global-to-Local Motion Decomposition and Temporal Interval "
        "Adjustment for Compact Dynamic 3D Gaussian Splatting' has no abstract (page cut short?)"
    ]


def test_an_abstract_without_its_title_is_skipped_with_its_line():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    del lines[20]  # SplitMeanFlow's title: its abstract now follows a meta block
    result = parse_listing_text("\n".join(lines), name=SEED.name)
    assert len(result.papers) == 44
    assert str(result.problems[0]).startswith("line 22: expected a paper title, found")


def test_text_with_no_papers_is_an_error():
    with pytest.raises(ParseError, match="no papers found"):
        parse_any(b"Get trending papers in your email inbox!\n\nSubscribe\n")


def test_a_lone_surrogate_is_refused_with_its_line_whoever_calls_the_text_parser():
    # A string can hold a lone surrogate; no record holding one could be stored or given an id.
    text = "A title\n\nAn abstract.\n\nAnother \udcd8 title\n\nIts abstract.\n"
    for parse in (parse_any, parse_listing_text):
        with pytest.raises(ParseError, match=r"unpaired surrogate \(\\udcd8\)") as caught:
            parse(text, "pasted")
        assert caught.value.where == "line 5"
