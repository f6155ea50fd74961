"""Compile locale/*/LC_MESSAGES/*.po into .mo files.

Pure Python (polib), so a fresh machine needs no GNU gettext to run the site;
`make messages` (updating the catalogues) is the only step that needs it.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"

for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
