"""Bundled plugins: the English news extractor and the article loaders."""
