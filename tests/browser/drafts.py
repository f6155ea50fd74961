"""The draft keeper's offer, as a journalist meets it after a save that did not happen."""

from playwright.sync_api import expect


def put_the_text_back(page, title, body, *, stored_title, typed_title, typed_body, screenshot):
    """The form shows the stored text and offers the typed one; restoring it fills the form."""
    notice = page.locator("#turan-draft")
    expect(notice).to_contain_text("This form was not saved")
    # The form itself comes from the database: the old text, until restored.
    expect(title).to_have_value(stored_title)
    page.screenshot(path=screenshot, full_page=True)
    notice.get_by_role("button", name="Put my text back").click()
    expect(notice).to_contain_text("Your text is back in the form")
    page.click("#turan-tab-en")
    expect(title).to_have_value(typed_title)
    expect(body).to_contain_text(typed_body)
