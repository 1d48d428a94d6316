"""The review loop against a real Label Studio server (opt-in: ``make test-labelstudio``; CI runs it).

A server is started from its own virtual environment (``.venv-ls``, made by ``make
test-labelstudio``) on 127.0.0.1 with a temporary data directory and a user and token made for
the test. Kashif pushes weak-label tasks, an "analyst" submits a correction through the API,
Kashif pulls it back; the labelling page is rendered in headless Chromium (through Playwright,
driving the Debian ``chromium``). Nothing here skips: without the server or the browser the
tests fail and say what is missing.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kashif.cli import main as kashif_main

pytestmark = pytest.mark.labelstudio

REPO = Path(__file__).resolve().parents[1]
LABEL_STUDIO = Path(os.environ.get("KASHIF_LABEL_STUDIO", REPO / ".venv-ls" / "bin" / "label-studio"))
USER, PASSWORD = "analyst@example.org", "kashif-review-" + secrets.token_hex(4)
TOKEN = secrets.token_hex(20)
PROJECT = "Kashif review test"
# the second sentence's "الغاز" is the weak labeller's miss the analyst fixes below
TEXT = ("قال المتحدث إن تنظيم داعش استخدم غاز الكلور في مدينة الموصل 💥 عام 2016. "
        "وأكدت منظمة حظر الأسلحة الكيميائية أن الجيش السوري قصف دوما بالسارين.")
DOC_B = ("قصفت القوات الروسية مدينة حلب بالصواريخ يوم الخميس ٢٩ نوفمبر ٢٠١٨، وقال وزير الخارجية سيرغي لافروف إن "
         "الجيش السوري استخدم قذائف هاون قرب مطار حلب الدولي في سوريا.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not LABEL_STUDIO.is_file():
        pytest.fail(f"{LABEL_STUDIO} is missing: run 'make test-labelstudio' (it creates .venv-ls)")
    data = tmp_path_factory.mktemp("label-studio")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true"}
    log = (data / "server.log").open("w")
    proc = subprocess.Popen([str(LABEL_STUDIO), "start", "--data-dir", str(data), "--internal-host", "127.0.0.1",
                             "--port", str(port), "--no-browser", "--username", USER, "--password", PASSWORD,
                             "--user-token", TOKEN, "--enable-legacy-api-token"],
                            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.time() + 400  # a fresh database runs its migrations first (2 min on 2 busy cores)
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                tail = (data / "server.log").read_text(errors="replace")[-1500:]
                pytest.fail(f"Label Studio did not start (exit {proc.poll()}):\n{tail}")
            time.sleep(2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def pushed(server, tmp_path_factory, monkeypatch_module):
    """Weak labels of two documents exported and pushed into a new project."""
    work = tmp_path_factory.mktemp("review")
    (work / "corpus.jsonl").write_text(
        json.dumps({"id": "doc-a", "text": TEXT}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "doc-b", "text": DOC_B}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    assert kashif_main(["label", "--input", str(work / "corpus.jsonl"), "--output", str(work / "weak.jsonl"),
                        "--quiet"]) == 0
    assert kashif_main(["review", "export", "--input", str(work / "weak.jsonl"), "--output",
                        str(work / "tasks.json"), "--config-out", str(work / "config.xml")]) == 0
    monkeypatch_module.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    assert kashif_main(["review", "push", "--url", server, "--project", PROJECT, "--input",
                        str(work / "tasks.json"), "--config", str(work / "config.xml")]) == 0
    return work


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _client(url):
    from kashif.review.live import connect, find_project

    client = connect(url, TOKEN)
    pid = find_project(client, PROJECT)
    assert pid is not None
    return client, pid


def test_push_correct_pull(server, pushed, capsys):
    client, pid = _client(server)
    tasks = {t.data["doc_id"]: t for t in client.tasks.list(project=pid, fields="all")}
    assert set(tasks) == {"doc-a", "doc-b"}
    task = tasks["doc-a"]
    assert task.data["text"] == TEXT  # byte for byte, emoji included
    (pred,) = task.predictions
    result = copy.deepcopy(pred.result if hasattr(pred, "result") else pred["result"])
    regions = {r["value"]["text"]: r for r in result if r["type"] == "labels"}
    assert {"داعش", "الموصل"} <= set(regions), sorted(regions)
    assert regions["داعش"]["meta"]["voters"], "the weak labeller's voters travel with the region"
    # the analyst: the weapon is "الكلور" (not "غاز الكلور"), and Daesh attacked Mosul: a new relation
    weapon = regions["غاز الكلور"]
    start = TEXT.index("الكلور")
    weapon["value"].update(start=start, end=start + len("الكلور"), text="الكلور")
    result.append({"from_id": regions["داعش"]["id"], "to_id": regions["الموصل"]["id"], "type": "relation",
                   "direction": "right", "labels": ["ATTACKED"]})
    for r in result:
        r.pop("score", None)
        r.pop("meta", None)
    surface = {r["id"]: r["value"]["text"] for r in result if r["type"] == "labels"}
    expected = sorted((surface[r["from_id"]], r["labels"][0], surface[r["to_id"]]) for r in result
                      if r["type"] == "relation")
    assert ("داعش", "USED", "الكلور") in expected  # the weak relation follows its corrected region
    client.annotations.create(id=task.id, result=result, project=pid, lead_time=12.5)

    out = pushed / "gold.jsonl"
    assert kashif_main(["review", "pull", "--url", server, "--project", PROJECT, "--output", str(out),
                        "--raw", str(pushed / "export.json")]) == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert doc["id"] == "doc-a" and doc["text"] == TEXT
    ents = {(e["start"], e["end"]): e for e in doc["entities"]}
    assert ents[(start, start + 6)]["type"] == "WEAPON" and (start - 4, start + 6) not in ents
    by_id = {e["id"]: e["text"] for e in doc["entities"]}
    assert sorted((by_id[r["head"]], r["type"], by_id[r["tail"]]) for r in doc["relations"]) == expected
    assert ("داعش", "ATTACKED", "الموصل") in expected
    # the raw export imports the same way, and the result is a gold set for evaluate.py
    assert kashif_main(["review", "import", "--input", str(pushed / "export.json"), "--output",
                        str(pushed / "gold2.jsonl")]) == 0
    assert (pushed / "gold2.jsonl").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    from kashif.evaluation import evaluate

    weak_a = pushed / "weak-a.jsonl"
    weak_a.write_text("".join(line + "\n" for line in (pushed / "weak.jsonl").read_text(encoding="utf-8").splitlines()
                              if json.loads(line)["id"] == "doc-a"), encoding="utf-8")
    report = evaluate(out, weak_a)
    assert report["meta"]["documents"] == 1
    assert report["entities"]["strict"]["micro"]["f1"] < 1.0  # the weak labels missed the correction


def test_labelling_page_is_rtl_with_the_pre_annotations(server, pushed, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed (apt-get install chromium; .ci/run installs it)"
    client, pid = _client(server)
    task = next(t for t in client.tasks.list(project=pid, fields="all") if t.data["doc_id"] == "doc-b")
    (pred,) = task.predictions
    n_regions = sum(r["type"] == "labels" for r in (pred.result if hasattr(pred, "result") else pred["result"]))
    assert n_regions >= 2
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 620})
            page.goto(f"{server}/user/login/")
            page.fill("input[name=email]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{server}/projects/{pid}/data?task={task.id}")
            page.wait_for_selector(".kashif-rtl .htx-highlight", timeout=120_000)
            page.wait_for_timeout(1000)  # relation arrows are drawn after the regions
            seen = page.evaluate("""() => {
                const box = document.querySelector('.kashif-rtl');
                const text = box.querySelector('.lsf-richtext') || box;
                return {direction: getComputedStyle(text).direction, align: getComputedStyle(box).textAlign,
                        text: text.textContent,
                        marks: [...box.querySelectorAll('.htx-highlight')].map(m => m.textContent)};
            }""")
            shot = tmp_path / "labelling.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert seen["direction"] == "rtl" and seen["align"] == "right"
    assert "قصفت القوات الروسية" in seen["text"]
    weak = {r["value"]["text"] for r in (pred.result if hasattr(pred, "result") else pred["result"])
            if r["type"] == "labels"}
    assert weak <= set(seen["marks"]), (weak, seen["marks"])
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("KASHIF_REVIEW_SCREENSHOT")
    if keep:  # how docs/review-labelstudio.png was made
        shutil.copyfile(shot, keep)
