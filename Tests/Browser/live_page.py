#!/usr/bin/env python3
"""Browser test of vigied's live page: a dispatch dropped in shows up in the list and on the map.

Usage: live_page.py --url URL --drop DIR --dispatch FILE --expect TEXT
                    [--screenshot PATH] [--timeout S]

Drives Debian's chromium (headless) through chromium-driver with Selenium 4
(scripts/install-deps.sh browser installs all three). Steps:
  1. load the page and wait until <html data-stream="live">;
  2. note the ids already in the list, then copy the dispatch into the drop directory atomically
     (.<name>.tmp, then rename);
  3. wait for a new li.event whose text contains TEXT, and for the map's circle.event-marker with
     the same data-id;
  4. check that the data injected nothing: no <img> or <script> inside the list or the details
     panel, window.__vigie_xss unset (the test dispatch's payloads would set it), and no
     Content-Security-Policy violation in the console;
  5. click the item and check that #details pre shows the record with its id;
  6. save the screenshot at 1600x1000 (details open), and PATH-wall.png at 2560x1440 (details
     closed, so the list shows).
Prints one line of JSON, {"ok":true,"id":...,"list_items":N,"markers":N,...}, and exits 0; or
{"ok":false,"reason":...} and exits 1.
"""
import argparse
import json
import os
import shutil
import sys
import time

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class Failure(Exception):
    pass


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True, help="the live page, e.g. http://127.0.0.1:8080/")
    ap.add_argument("--drop", required=True, help="vigied's drop directory")
    ap.add_argument("--dispatch", required=True, help="a plain-text dispatch to drop")
    ap.add_argument("--expect", required=True, help="a substring the new list item must contain")
    ap.add_argument("--screenshot", help="where to save a PNG of the page (and PATH-wall.png)")
    ap.add_argument("--timeout", type=float, default=20, help="seconds for each wait (default 20)")
    return ap.parse_args()


def browser(timeout):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_argument("--headless=new")
    options.add_argument("--window-size=1600,1000")
    options.add_argument("--disable-dev-shm-usage")  # containers often have a tiny /dev/shm
    options.add_argument("--disable-gpu")
    options.add_argument("--hide-scrollbars")
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # chromium refuses to run as root with its sandbox
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(timeout)
    return driver


def set_viewport(driver, width, height):
    """Sizes the window so that the page itself (innerWidth x innerHeight) gets width x height."""
    driver.set_window_size(width, height)
    inner_w, inner_h = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    if (inner_w, inner_h) != (width, height):
        driver.set_window_size(2 * width - inner_w, 2 * height - inner_h)


def wait_for(driver, timeout, what, check):
    """Polls check(driver) until it returns something truthy; Failure(what) on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check(driver)
        except Exception:  # a page mid-reload, a stale element: try again
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.2)


def drop_atomically(dispatch, drop_dir):
    """Copies the dispatch in as .<name>.tmp then renames it, so vigied never reads half a file."""
    name = os.path.basename(dispatch)
    tmp = os.path.join(drop_dir, f".{name}.tmp")
    shutil.copyfile(dispatch, tmp)
    os.rename(tmp, os.path.join(drop_dir, name))


def console_csp_violations(driver):
    try:
        entries = driver.get_log("browser")
    except Exception:
        return []
    return [e.get("message", "") for e in entries if "Content Security Policy" in e.get("message", "")]


LIST_IDS = "return [...document.querySelectorAll('#event-list li.event')].map(li => li.dataset.id);"

FIND_NEW = """
const [before, expect] = arguments;
for (const li of document.querySelectorAll('#event-list li.event')) {
  if (!before.includes(li.dataset.id) && li.textContent.includes(expect)) return li.dataset.id;
}
return null;
"""

MARKER = "return document.querySelector('#map circle.event-marker[data-id=\"' + CSS.escape(arguments[0]) + '\"]') !== null;"

INJECTED = "return document.querySelectorAll('#event-list img, #event-list script, #details img, #details script').length;"

COUNTS = """
return {
  list_items: document.querySelectorAll('#event-list li.event').length,
  markers: document.querySelectorAll('#map circle.event-marker').length,
  stream: document.documentElement.dataset.stream,
};
"""


def run(args, driver, found):
    driver.get(args.url)
    set_viewport(driver, 1600, 1000)
    wait_for(driver, args.timeout, 'data-stream="live"',
             lambda d: d.execute_script("return document.documentElement.dataset.stream") == "live")
    before = driver.execute_script(LIST_IDS)
    found["before"] = len(before)

    drop_atomically(args.dispatch, args.drop)
    new_id = wait_for(driver, args.timeout, f"a new list item containing {args.expect!r}",
                      lambda d: d.execute_script(FIND_NEW, before, args.expect))
    found["id"] = new_id
    wait_for(driver, args.timeout, f"the map marker of {new_id}", lambda d: d.execute_script(MARKER, new_id))

    item = driver.find_element("css selector", f'#event-list li.event[data-id="{new_id}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", item)
    item.click()
    wait_for(driver, args.timeout, "the details panel with the record id",
             lambda d: d.execute_script(
                 "const s = document.getElementById('details');"
                 "const pre = s && s.querySelector('pre');"
                 "return !!pre && !s.hidden && pre.textContent.includes(arguments[0]);", new_id))

    # The injection checks come after the click: the details panel must be clean too.
    injected = driver.execute_script(INJECTED)
    if injected:
        raise Failure(f"{injected} <img>/<script> element(s) came from the data")
    xss = driver.execute_script("return typeof window.__vigie_xss === 'undefined' ? null : String(window.__vigie_xss);")
    if xss is not None:
        raise Failure(f"window.__vigie_xss was set to {xss!r}: a payload ran")
    violations = console_csp_violations(driver)
    if violations:
        raise Failure(f"Content-Security-Policy violation: {violations[0]}")

    found.update(driver.execute_script(COUNTS))
    if args.screenshot:
        save_screenshots(driver, args.screenshot, found)


def save_screenshots(driver, path, found):
    """The laptop view with the details panel open, then the wall view with it closed."""
    driver.save_screenshot(path)
    stem, ext = os.path.splitext(path)
    wall = f"{stem}-wall{ext or '.png'}"
    driver.execute_script("document.getElementById('details-close').click();")
    set_viewport(driver, 2560, 1440)
    time.sleep(0.6)  # the timeline redraws itself after a resize
    driver.save_screenshot(wall)
    found["screenshots"] = [path, wall]


def main():
    args = parse_args()
    found = {"ok": False}
    for path, what in ((args.dispatch, "--dispatch"), (args.drop, "--drop")):
        if not os.path.exists(path):
            print(json.dumps({"ok": False, "reason": f"{what} {path} does not exist"}))
            return 1
    try:
        import selenium  # noqa: F401
    except ImportError:
        print(json.dumps({"ok": False, "reason": "selenium is not installed (scripts/install-deps.sh browser)"}))
        return 1
    driver = None
    try:
        driver = browser(args.timeout)
        run(args, driver, found)
    except Failure as f:
        found["reason"] = str(f)
    except Exception as e:  # WebDriver errors: no chromium, a crash, a page that never loads
        found["reason"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    else:
        found["ok"] = True
    finally:
        if driver is not None:
            if not found["ok"] and args.screenshot:
                try:
                    driver.save_screenshot(args.screenshot)  # what the page showed when it failed
                except Exception:
                    pass
            driver.quit()
    ordered = {"ok": found.pop("ok"), **found}
    print(json.dumps(ordered, ensure_ascii=False))
    return 0 if ordered["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
