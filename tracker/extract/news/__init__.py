"""The bundled English news extractor (rules over the vocabulary in vocabulary.json; no model, no network)."""

from ...hookspecs import hookimpl
from .engine import ArticleSkipped, NewsExtractor

__all__ = ["NewsExtractor", "ArticleSkipped"]


@hookimpl
def register_extractors(register):
    register(NewsExtractor())
