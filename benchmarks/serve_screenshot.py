"""The README's picture of the self-check page: the Bolton plan's result, the whole page, 1,280 pixels wide.

    python benchmarks/serve_screenshot.py            # writes docs/serve-result.png
    python benchmarks/serve_screenshot.py out.png

Starts the real `dhr-check serve` with the bundled settings, uploads plans/bolton-adult-a.yaml through the form
in headless Chromium (Debian's chromium and chromium-driver, as the browser tests use them), as of 2026-03-31,
and photographs the result (saved in 256 colours, a third of the size). A maintainer's command, not a test.
"""

from __future__ import annotations

import base64
import io
import sys
import tempfile
from pathlib import Path

from PIL import Image   # Pillow, which the test extra has (WeasyPrint and ReportLab need it)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import selenium_chromium  # noqa: E402
from tests.serving import served  # noqa: E402
from tests.test_web_browser import BOLTON, SETTINGS, check  # noqa: E402  (the tests' own way through the form)

WIDTH = 1280


def main(target: Path) -> None:
    settings = SETTINGS.relative_to(REPO)   # the page shows the settings as named: no machine's folders in the picture
    with tempfile.TemporaryDirectory() as folder, served("--config", str(settings), cwd=REPO) as server:
        driver = selenium_chromium(Path(folder), WIDTH, 1000)
        try:
            status = check(driver, server, BOLTON)
            if status != 200:
                raise SystemExit(f"the server answered {status} for {BOLTON.name}")
            height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": WIDTH, "height": int(height), "deviceScaleFactor": 1, "mobile": False})
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
            photo = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
            # 256 colours: a page of text and four RAG colours loses nothing visible, and the file is a third
            photo.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(target, optimize=True)
        finally:
            driver.quit()
    print(f"{target}: {WIDTH} x {int(height)} pixels")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "serve-result.png")
