"""DOCX → PDF with LibreOffice (Debian's `libreoffice-writer`), the standard fonts mapped by `fonts.conf`.

`python -m gateway.reports.pdf report.docx out.pdf`. Used to check the document's layout and by the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).with_name("fonts.conf")
TIMEOUT_S = 180


def soffice() -> str:
    """The LibreOffice binary, or an error naming the package to install."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise RuntimeError("LibreOffice is missing: apt-get install libreoffice-writer")
    return found


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert a DOCX to PDF in a private LibreOffice profile (safe next to a running office)."""
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(folder)}
        cmd = [
            soffice(),
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=TIMEOUT_S)  # noqa: S603
        return (folder / "report.pdf").read_bytes()


def main() -> None:
    """Command line: the DOCX path and the PDF path."""
    if len(sys.argv) != 3:
        sys.exit("usage: python -m gateway.reports.pdf report.docx out.pdf")
    Path(sys.argv[2]).write_bytes(docx_to_pdf(Path(sys.argv[1]).read_bytes()))


if __name__ == "__main__":
    main()
