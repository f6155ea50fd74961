"""Putting the caret where a journalist puts it in a body editor, and making
sure it is there before the next key.

A key or a click given while Chromium is still busy (a loaded CI machine) is
now and then not seen by the editor: the caret stays where it was, and the
next key lands in the wrong place. Each step here waits for the editor's own
state (Tiptap's editor, on its element as ``element.editor``) to show that the
step happened, and repeats it when it did not, as the journalist would."""

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

# The editor has the focus and an empty selection at the end of its document.
AT_END = """element => {
  const editor = element.editor
  if (!editor || !editor.view.hasFocus()) return false
  const { selection, doc } = editor.state
  return selection.empty && selection.head === selection.constructor.atEnd(doc).head
}"""

ATTEMPTS = 3


def _waits(page, editor, predicate):
    try:
        page.wait_for_function(predicate, arg=editor.element_handle(), timeout=2000)
    except PlaywrightTimeoutError:
        return False
    return True


def caret_to_end(page, editor):
    """Click the last block of ``editor``, then Ctrl+End: the caret at the end."""
    for _attempt in range(ATTEMPTS):
        editor.locator(":scope > *").last.click()
        expect(editor).to_be_focused()
        page.keyboard.press("Control+End")
        if _waits(page, editor, AT_END):
            return
    raise AssertionError("the caret did not reach the end of the editor")


def new_last_paragraph(page, editor):
    """The caret in a new, empty last paragraph of ``editor``: its end, then Enter."""
    blocks = editor.locator(":scope > *")
    before = blocks.count()
    caret_to_end(page, editor)
    for _attempt in range(ATTEMPTS):
        page.keyboard.press("Enter")
        try:
            expect(blocks).to_have_count(before + 1, timeout=2000)
            break
        except AssertionError:
            # Enter was not seen: the caret is still at the end of the old block.
            caret_to_end(page, editor)
    expect(blocks).to_have_count(before + 1)
    expect(blocks.last).to_have_text("")
    assert _waits(page, editor, AT_END), "the caret left the new paragraph"
