"""The tracker's plugin hooks. A plugin implements any of them with @hookimpl."""

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("tracker")
hookimpl = HookimplMarker("tracker")


@hookspec
def register_extractors(register):
    """Register Extractor instances: register(extractor)"""


@hookspec
def register_article_loaders(register):
    """Register article loaders: register(name, suffixes, load) where load(path) returns a list of Article"""
