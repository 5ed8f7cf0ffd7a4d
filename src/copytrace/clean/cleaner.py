"""The clean stage: boilerplate removal, then paragraphs and sentences with offsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import Article, CleanArticle
from .captions import flag_copies, flag_repeated_captions
from .rules import edge_attributions, flag_lines, split_dateline_credit
from .segment import joined_bounds, sentence_bounds, spans_array
from .sites import SiteBoilerplate
from .wrap import logical_lines

#: Separator of the kept lines in the cleaned text: each line is a paragraph.
PARAGRAPH_SEP = "\n\n"


class Cleaner:
    """Removes boilerplate lines from articles and segments what is left.

    ``fit`` learns, per site, the lines that repeat across many of its articles (see
    ``copytrace.clean.sites``); ``clean`` applies the general rules (see
    ``copytrace.clean.rules``), the learned lines of the article's site, and the
    repeated-caption check, in that order of cost.
    """

    def __init__(
        self,
        *,
        min_site_articles: int = 5,
        min_site_fraction: float = 0.1,
        max_learned_words: int = 40,
    ) -> None:
        """
        Args:
            min_site_articles: distinct articles of a site a line must appear in to be
                learned as that site's boilerplate.
            min_site_fraction: share of the site's articles it must appear in, too.
            max_learned_words: lines with more words are prose, never learned.
        """
        self.sites = SiteBoilerplate(
            min_articles=min_site_articles,
            min_fraction=min_site_fraction,
            max_words=max_learned_words,
        )

    def fit(self, articles: Iterable[Article]) -> Cleaner:
        """Learn each site's boilerplate lines from ``articles`` (read once, streamed).

        What an earlier ``fit`` learned is replaced. Articles without a site teach
        nothing.
        """
        self.sites.fit(articles, logical_lines)
        return self

    def clean(self, article: Article) -> CleanArticle:
        """The cleaned text of ``article``, what was removed, and its segments."""
        lines = logical_lines(article.text)
        flags = flag_lines(lines, article.text)
        drop = flags.drop
        learned = self.sites.lines_for(article.site)
        if learned is not None:
            lengths = learned.lengths  # only lines of a learned length are hashed
            for i in [i for i, s in enumerate(lines) if len(s) in lengths]:
                if not drop[i] and learned.matches(lines[i]):
                    drop[i] = True
        flag_copies(lines, drop)
        flag_repeated_captions(lines, drop, flags.unpunctuated)
        for i in edge_attributions(flags, drop):
            drop[i] = True
        if True in drop:
            kept = [s for s, d in zip(lines, drop) if not d]
            removed = [s for s, d in zip(lines, drop) if d]
        else:
            kept, removed = lines, []
        if kept:
            first, credit = split_dateline_credit(kept[0])
            if credit is not None:
                kept = [first, *kept[1:]]
                removed = [*removed, credit]
        text = PARAGRAPH_SEP.join(kept)
        starts, ends = joined_bounds(kept, len(PARAGRAPH_SEP))
        return CleanArticle(
            article=article,
            text=text,
            removed=removed,
            sentences=spans_array(*sentence_bounds(text, starts, ends)),
            paragraphs=spans_array(starts, ends),
        )


def clean_articles(articles: Sequence[Article], *, learn_site_boilerplate: bool = True) -> list[CleanArticle]:
    """Clean ``articles``, first learning site boilerplate from them when asked."""
    cleaner = Cleaner()
    if learn_site_boilerplate:
        cleaner.fit(articles)
    return [cleaner.clean(a) for a in articles]
