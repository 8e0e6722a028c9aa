"""Long work shows progress with a total and the time left on a terminal, and nothing when piped."""

import os
import pty
import subprocess
import sys

from conftest import ROOT

TRACKER = [sys.executable, "-m", "tracker"]


def run_on_terminal(args):
    """Run with stderr on a pseudo-terminal; (exit code, what the terminal showed)."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(TRACKER + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal,
                               env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


def articles(folder, count=40):
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(f"12 November 2016 - Iraqi troops recaptured Bartella on Thursday, "
                                            f"report {n} said.\n", encoding="utf-8")
    return folder


def test_extracting_a_folder_shows_files_done_of_total_and_time_left(db_path, tmp_path):
    folder = articles(tmp_path / "news")
    code, shown = run_on_terminal(["extract", str(folder), "--workers", "1", "--db", str(db_path)])
    assert code == 0, shown
    assert "Extracting" in shown and "/40" in shown and "time left" in shown


def test_extracting_when_piped_prints_no_progress(db_path, tmp_path):
    folder = articles(tmp_path / "news", 5)
    result = subprocess.run(TRACKER + ["extract", str(folder), "--workers", "1", "--db", str(db_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "5 article(s)" in result.stdout


def test_an_acled_import_shows_progress_on_a_terminal(db_path):
    code, shown = run_on_terminal(["import", "acled", str(ROOT / "tests" / "data" / "acled_sample.csv"),
                                   "--add-locations", "--db", str(db_path)])
    assert code == 0, shown
    assert "Importing acled_sample.csv" in shown and "time left" in shown
