"""`papershelf zotero check`: is the target usable, and if not, the one thing to fix."""

from __future__ import annotations

from server.config import Settings
from server.zotero.desktop import DesktopApp, LocalApiOff
from server.zotero.errors import Rejected
from server.zotero.save_desktop import ENABLE_LOCAL_API, DesktopSaver
from server.zotero.web import WebLibrary


def check_web(settings: Settings) -> str:
    library = WebLibrary(settings)  # NotConfigured: a setting is missing or unusable
    try:
        library.check()
        if settings.zotero_collection:
            library.collection_key(settings.zotero_collection)
    finally:
        library.close()
    return "the API key may write to it" + (
        "; the collection exists" if settings.zotero_collection else ""
    )


def check_desktop(settings: Settings) -> str:
    saver = DesktopSaver(settings)
    app: DesktopApp = saver.app
    try:
        app.ping()
        selected = app.selected_target()
        if selected.get("libraryEditable") is False:
            raise Rejected(
                f"the library selected in Zotero ({selected.get('libraryName')}) is "
                "read-only: select another in Zotero"
            )
        saver.target_id(selected)  # NotConfigured when ZOTERO_COLLECTION is not there
        try:
            app.find_items("papershelf", "titleCreatorYear")
            local = "local API on: lost replies are checked"
        except LocalApiOff:
            local = f"local API off: a lost reply leaves a save uncertain ({ENABLE_LOCAL_API})"
    finally:
        saver.close()
    files = "" if selected.get("filesEditable") is not False else "; files not editable: no PDFs"
    name = selected.get("name") or selected.get("libraryName") or "?"
    return f"selected: {name}{files}; {local}"
