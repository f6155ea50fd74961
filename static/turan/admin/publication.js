/*
 * Per-language publication controls of the article form.
 *
 * Typing a date or time under "publish at" chooses "publish at" for that
 * language; the server decides the rest (newsroom/forms.py).
 */
"use strict";
;(() => {
  function init() {
    for (const input of document.querySelectorAll("input[name^='published_at_']")) {
      const code = input.name.split("_")[2]
      const choose = () => {
        const at = document.querySelector(`input[name="schedule_${code}"][value="at"]`)
        if (at && input.value.trim()) at.checked = true
      }
      input.addEventListener("input", choose)
      input.addEventListener("change", choose)
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init)
  } else {
    init()
  }
})()
