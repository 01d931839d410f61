"""Loading one article for the reading pane: the article, its highlights and entity mentions."""

from __future__ import annotations

from search_index import Library, Span

from ..mentions import article_mentions
from ..messages import ArticleFailed, ArticleLoaded
from ..threads import in_thread


async def load_article(
    library: Library | None, article_id: str, query: str
) -> ArticleLoaded | ArticleFailed:
    """The article with the query's highlights, its entity mentions and its copies (blocking
    calls in threads); any of those that fail leave the article shown without them."""
    try:
        article = None if library is None else await in_thread(library.article, article_id)
    except Exception as error:  # noqa: BLE001 - shown in the reading pane
        return ArticleFailed(article_id, f"The article could not be read: {error}")
    if library is None or article is None:
        return ArticleFailed(article_id, "This article is no longer in the index.")
    title_spans: tuple[Span, ...] = ()
    body_spans: tuple[Span, ...] = ()
    if query.strip():
        try:
            title_spans = await in_thread(library.highlight_spans, query, article.title)
            body_spans = await in_thread(library.highlight_spans, query, article.body)
        except Exception:  # noqa: BLE001 - shown without highlights rather than not at all
            title_spans = body_spans = ()
    try:
        title_mentions, body_mentions = await in_thread(article_mentions, library, article)
    except Exception:  # noqa: BLE001 - shown without entity styling rather than not at all
        title_mentions = body_mentions = ()
    try:
        copies = await in_thread(library.copies, article.id)
    except Exception:  # noqa: BLE001 - shown without its copies rather than not at all
        copies = ()
    return ArticleLoaded(
        article, title_spans, body_spans, query, title_mentions, body_mentions, copies
    )
