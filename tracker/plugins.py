"""The plugin manager: bundled plugins, installed packages (entry point group `tracker`) and drop-in files.

TRACKER_LOAD_PLUGINS: unset loads every installed plugin; '' loads none; 'a,b' loads only those
distributions. Drop-in *.py files come from --plugins-dir, TRACKER_PLUGINS_DIR, or ./plugins.
"""

import importlib
import importlib.metadata
import os
import sys
import types
from pathlib import Path

import pluggy

from . import hookspecs

DEFAULT_PLUGINS = ("tracker.extract.news", "tracker.extract.loaders")

pm = pluggy.PluginManager("tracker")
pm.add_hookspecs(hookspecs)

_loaded_dirs = set()
_loaded = False


def module_from_path(path: Path, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = str(path)
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exec(code, module.__dict__)
    return module


def default_plugins_dir():
    configured = os.environ.get("TRACKER_PLUGINS_DIR")
    if configured:
        return Path(configured)
    local = Path("plugins")
    return local if local.is_dir() else None


def load_plugins(plugins_dir=None) -> list:
    """Load plugins once (a new plugins_dir is still read); return the problems met, one line each."""
    global _loaded
    problems = []
    if not _loaded:
        _loaded = True
        if not hasattr(sys, "_called_from_test"):
            problems += _load_entry_points()
        for name in DEFAULT_PLUGINS:
            module = importlib.import_module(name)
            if not pm.is_registered(module):
                pm.register(module, name=name)
    directory = Path(plugins_dir) if plugins_dir else default_plugins_dir()
    if directory is not None and directory.resolve() not in _loaded_dirs:
        _loaded_dirs.add(directory.resolve())
        problems += _load_directory(directory)
    return problems


def _load_entry_points() -> list:
    wanted = os.environ.get("TRACKER_LOAD_PLUGINS")
    if wanted is None:
        pm.load_setuptools_entrypoints("tracker")
        return []
    problems = []
    for name in [n.strip() for n in wanted.split(",") if n.strip()]:
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"Plugin {name!r} named in TRACKER_LOAD_PLUGINS is not installed")
            continue
        for entry_point in distribution.entry_points:
            if entry_point.group == "tracker" and pm.get_plugin(entry_point.name) is None:
                pm.register(entry_point.load(), name=entry_point.name)
    return problems


def _load_directory(directory: Path) -> list:
    if not directory.is_dir():
        return [f"Plugins directory {directory} does not exist"]
    problems = []
    for path in sorted(directory.glob("*.py")):
        name = f"plugins/{path.name}"
        if pm.get_plugin(name) is not None:
            continue
        try:
            pm.register(module_from_path(path, name), name=name)
        except Exception as error:  # a broken drop-in file must not stop the others
            problems.append(f"Plugin {name} failed to load: {type(error).__name__}: {error}")
    return problems


def get_plugins(all=False) -> list:
    """[{name, hooks, version}] for the loaded plugins; the bundled ones only with all=True."""
    versions = {plugin: dist.version for plugin, dist in pm.list_plugin_distinfo()}
    plugins = []
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin)
        if not all and name in DEFAULT_PLUGINS:
            continue
        entry = {"name": name, "hooks": sorted(h.name for h in pm.get_hookcallers(plugin))}
        if plugin in versions:
            entry["version"] = versions[plugin]
        plugins.append(entry)
    return sorted(plugins, key=lambda p: p["name"])
