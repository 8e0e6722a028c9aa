"""Extract into the review queue, then accept or reject: only accepted candidates count."""

import json
import sqlite3

import pytest

from conftest import ROOT, dump

DATA = ROOT / "tests" / "data" / "articles"


def extract(cli, *args):
    result = cli("extract", *args, "--json")
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result, report


def test_extract_queues_candidates_and_changes_no_event(cli, db_path):
    events_before = dump(db_path)["events"]
    result, report = extract(cli, str(DATA / "east_axis_multi.txt"))
    assert result.exit_code == 0, result.output
    assert {c["locality"] for c in report["candidates"]} == {"Karamlesh", "Bazwaya", "Bashiqa", "Teskhrab"}
    assert dump(db_path)["events"] == events_before
    again, second = extract(cli, str(DATA / "east_axis_multi.txt"))
    assert second["new"] == 0  # re-extracting queues nothing twice


def test_accept_makes_an_event_citing_the_article(cli, db_path):
    _, report = extract(cli, str(DATA / "east_axis_multi.txt"), "--url", "https://example.org/east")
    karamlesh = next(c for c in report["candidates"] if c["locality"] == "Karamlesh")
    result = cli("review", "accept", str(karamlesh["id"]))
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    row = conn.execute(
        "SELECT l.name, e.status, e.date, s.url, es.quote, e.recorded_by FROM events e JOIN localities l ON l.id = e.locality_id "
        "JOIN event_sources es ON es.event_id = e.id JOIN sources s ON s.id = es.source_id ORDER BY e.id DESC LIMIT 1").fetchone()
    assert row[:4] == ("Karamlesh", "captured", "2016-10-30", "https://example.org/east")
    assert "retaken Karamlesh" in row[4] and row[5].startswith("extractor:news; accepted by person:")
    again = cli("review", "accept", str(karamlesh["id"]))
    assert again.exit_code == 2 and "already accepted" in again.output


def test_accepting_a_duplicate_cites_the_article_on_the_existing_event(cli, db_path, tmp_path):
    article = tmp_path / "bashiqa.txt"
    article.write_text("8 November 2016 - Peshmerga forces captured Bashiqa on Monday, officials said.")
    _, report = extract(cli, str(article), "--url", "https://example.org/bashiqa")
    (candidate,) = report["candidates"]
    assert candidate["date"] == "2016-11-07"
    events_before = sqlite3.connect(db_path).execute("SELECT count(*) FROM events").fetchone()[0]
    conn = sqlite3.connect(db_path)
    (event_id,) = conn.execute("""SELECT e.id FROM events e JOIN localities l ON l.id = e.locality_id
                                  WHERE l.name = 'Bashiqa' AND e.date = '2016-11-07' AND e.status = 'captured'""").fetchone()
    result = cli("review", "accept", str(candidate["id"]))
    assert f"event #{event_id}" in result.output
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before
    urls = [r[0] for r in conn.execute("SELECT s.url FROM event_sources es JOIN sources s ON s.id = es.source_id "
                                       "WHERE es.event_id = ?", [event_id])]
    assert "https://example.org/bashiqa" in urls


def test_reject_needs_a_reason_and_is_kept(cli):
    _, report = extract(cli, str(DATA / "tal_afar_2017.txt"))
    first = report["candidates"][0]["id"]
    assert cli("review", "reject", str(first)).exit_code == 2
    assert cli("review", "reject", str(first), "--reason", "wrong town").exit_code == 0
    listed = json.loads(cli("review", "list", "--all", "--json").output)
    assert next(c for c in listed if c["id"] == first)["decision"] == "rejected"
    pending = json.loads(cli("review", "list", "--json").output)
    assert first not in [c["id"] for c in pending]


def test_interactive_review(runner, db_path):
    from tracker.cli import app

    runner.invoke(app, ["extract", str(DATA / "nineveh_plain_villages.txt"), "--db", str(db_path)])
    result = runner.invoke(app, ["review", "--db", str(db_path)], input="a\nr\nnot this one\n")
    assert result.exit_code == 0, result.output
    assert "Accepted as event" in result.output and "Rejected." in result.output
    assert 'ERBIL, Oct. 21, 2016 - Kurdish peshmerga forces recaptured the villages of Nawaran and Khorsabad' in result.output


def test_undated_candidates_need_a_date_to_be_accepted(cli, tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text("Iraqi forces recaptured Qayyarah after heavy fighting.")
    result, report = extract(cli, str(article))
    assert result.exit_code == 1 and "no publication date found" in result.stderr
    candidate = report["candidates"][0]["id"]
    refused = cli("review", "accept", str(candidate))
    assert refused.exit_code == 2 and "accept it with --date" in refused.output
    before_start = cli("review", "accept", str(candidate), "--date", "2016-08-25")
    assert before_start.exit_code == 2 and "--allow-any-date" in before_start.output  # as on every path in
    assert cli("review", "accept", str(candidate), "--date", "2016-08-25", "--allow-any-date").exit_code == 0


def test_bad_files_are_reported_one_by_one_and_the_rest_processed(cli, db_path, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    (folder / "latin1.txt").write_bytes("Les forces irakiennes ont repris Qayyarah \xe9t\xe9.".encode("latin-1"))
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "page.html").write_text(
        "<html><head><title>Report</title><script>alert('x'); document.write('Bartella captured')</script></head>"
        "<body><p>2 November 2016 - Iraqi forces recaptured Haj Ali on Monday.</p><style>p{}</style></body></html>")
    (folder / "good.txt").write_text((DATA / "qayyarah_captions.txt").read_text())
    before = dump(db_path)["events"]
    result = cli("extract", str(folder), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {c["locality"] for c in report["candidates"]} == {"Qayyarah", "Haj Ali"}
    errors = result.stderr
    assert "empty.txt: empty file" in errors
    assert "binary.txt: binary file" in errors
    assert "latin1.txt: not UTF-8" in errors
    assert "huge.txt: 52 MB is larger than" in errors
    assert "Traceback" not in errors
    assert dump(db_path)["events"] == before


def test_candidates_and_reviews_are_append_only(cli, db_path):
    _, report = extract(cli, str(DATA / "tal_afar_2017.txt"))
    cli("review", "reject", str(report["candidates"][0]["id"]), "--reason", "x")
    conn = sqlite3.connect(db_path)
    for sql in ("UPDATE candidates SET status = 'lost'", "DELETE FROM reviews"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
