from __future__ import annotations

from geo.ingest.htmltext import is_html_path, page_text

PAGE = """<html><head><title>Buses &amp; borders</title>
<meta property="og:site_name" content="Example News"><meta name="date" content="2026-01-12">
</head><body><nav>Home | World | Sport</nav><article><h1>Buses at the border</h1>
<p>More than 60 buses crossed the Shalamcheh border crossing by Sunday evening, Jan. 11,
an official at the crossing told reporters on Monday in Basra.</p>
<p>The passengers were young men wearing identical black shirts, he said, and none of
them carried the bags that pilgrims usually carry on such trips.</p></article>
<footer>© Example</footer><script>alert(1)</script></body></html>"""


def test_article_text_without_boilerplate() -> None:
    page = page_text(PAGE)
    assert "More than 60 buses crossed the Shalamcheh border crossing" in page.text
    assert "Home | World" not in page.text and "alert(1)" not in page.text
    assert page.suggestions()["title"] == "Buses at the border"  # the h1, by trafilatura
    assert page.suggestions()["date"] == "2026-01-12"


def test_empty_and_broken_markup_give_text_not_errors() -> None:
    assert page_text("").text == ""
    assert "hello" in page_text("<p>hello <b>world").text


def test_html_suffixes() -> None:
    assert is_html_path("a.HTML") and is_html_path("b.htm") and not is_html_path("c.txt")
