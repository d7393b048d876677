"""Newspaper pages: the articles, headlines, bylines, captions and broken sentences of a page's text.

Qt-free and storage-free: :func:`analyse_page` takes the page text and returns a
:class:`PageStructure` whose offsets point into that unchanged text.
"""

from reader.pages.analyse import analyse_page
from reader.pages.structure import ROLES, Article, Block, Credit, Gap, Join, PageStructure, SectionLabel

__all__ = ["ROLES", "Article", "Block", "Credit", "Gap", "Join", "PageStructure", "SectionLabel", "analyse_page"]
