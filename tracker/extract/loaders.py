"""Article loaders for plain text, HTML and JSON-lines feeds."""

import html.parser
import json
from pathlib import Path

from ..model.errors import TrackerError
from .model import Article
from ..hookspecs import hookimpl

MAX_BYTES = 20 * 1024 * 1024


class ArticleLoadError(TrackerError):
    """A file that cannot be read as an article; the message names the file."""


def read_text(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise ArticleLoadError(f"{path}: empty file, nothing to extract")
    if size > MAX_BYTES:
        raise ArticleLoadError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB an article may be; split it")
    data = path.read_bytes()
    utf16 = _utf16(data)
    if utf16:
        try:
            return data.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ArticleLoadError(f"{path}: binary file, not text (articles are .txt, .html or .jsonl)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleLoadError(f"{path}: not UTF-8 (byte {error.start}); convert it, e.g. iconv -f cp1252 -t utf-8") from None


def _utf16(data: bytes):
    """The UTF-16 codec a text was saved in (Windows editors write it), from its BOM or its zero bytes; else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 16:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.4 * len(head) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(head) / 2 and odd == 0:
            return "utf-16-be"
    return None


def load_text(path):
    text = read_text(Path(path))
    if not text.strip():
        raise ArticleLoadError(f"{path}: only white space, nothing to extract")
    return [Article(text=text, path=str(path))]


class _TextOfHtml(html.parser.HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "tr", "section", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping, self.title, self._in_title = [], 0, None, False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self.skipping:
            self.parts.append(data)


def load_html(path):
    parser = _TextOfHtml()
    parser.feed(read_text(Path(path)))
    parser.close()
    text = "\n".join(line.strip() for line in "".join(parser.parts).splitlines())
    text = "\n\n".join(p for p in text.split("\n\n") if p.strip())
    if not text.strip():
        raise ArticleLoadError(f"{path}: no text outside scripts and markup")
    return [Article(text=text, title=parser.title, path=str(path))]


def load_jsonl(path):
    articles = []
    for number, line in enumerate(read_text(Path(path)).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
        except (ValueError, KeyError, TypeError):
            raise ArticleLoadError(f"{path}:{number}: each line must be a JSON object with a 'text' field") from None
        articles.append(Article(text=str(text), url=record.get("url"), publisher=record.get("publisher"),
                                title=record.get("title"), published=record.get("published"),
                                path=f"{path}:{number}"))
    return articles


@hookimpl
def register_article_loaders(register):
    register("text", (".txt", ".text"), load_text)
    register("html", (".html", ".htm"), load_html)
    register("jsonl", (".jsonl", ".ndjson"), load_jsonl)
