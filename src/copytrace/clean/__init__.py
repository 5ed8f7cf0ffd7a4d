"""clean: strip boilerplate from articles, then split paragraphs and sentences.

Boilerplate is found by general rules (promo lines, newsletter plugs, lists of
unrelated headlines, "Source: ..." lines and credits above or below the story, copyright
footers, social plugs, page notices, bylines, photo captions; the commonest in a few
European languages too) and by lines learned per site. The removed lines are kept on
the ``CleanArticle`` for the report; every offset refers to the cleaned text.
"""

from .cleaner import Cleaner, clean_articles
from .segment import split_paragraphs, split_sentences

__all__ = ["Cleaner", "clean_articles", "split_paragraphs", "split_sentences"]
