/*
 * Keep what a journalist typed when a save does not go through.
 *
 * On submit, every field of the change form is written to this tab's
 * sessionStorage (the CSRF token and file inputs excepted). If the save
 * succeeds the admin shows a success message, and the copy is dropped. If it
 * fails (the database went away: the 503 page says nothing was saved; or the
 * session had ended, and the login page leads back to the form), the next
 * time the same form is shown in this tab a notice offers to put the typed
 * text back, rich-text bodies included. A form re-shown with errors
 * already holds the posted text, so nothing is offered there.
 *
 * Strings come from the page (json_script "turan-draft-keeper"); nothing is
 * built with innerHTML. autosave.js collects and restores fields the same way
 * (window.turanFormFields).
 */
"use strict";
;(() => {
  const PREFIX = "turan-draft:"
  const LAST = "turan-draft-last"
  const SKIPPED = new Set(["csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"])
  // Prose editors announce themselves on the textarea they edit.
  const editors = new Map()
  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea, event.detail.editor)
  })

  const storage = (() => {
    try {
      const probe = "turan-draft-probe"
      window.sessionStorage.setItem(probe, probe)
      window.sessionStorage.removeItem(probe)
      return window.sessionStorage
    } catch {
      return null
    }
  })()

  function keyFor(pathname) {
    return PREFIX + pathname
  }

  function skipped(element) {
    const name = element.name
    return (
      !name ||
      SKIPPED.has(name) ||
      element.type === "file" ||
      element.type === "submit" ||
      element.type === "button" ||
      // The formsets' own bookkeeping belongs to the page as it is now.
      /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)
    )
  }

  function collect(form) {
    const fields = []
    for (const element of form.elements) {
      if (skipped(element)) continue
      const field = { name: element.name, type: element.type }
      if (element.type === "checkbox" || element.type === "radio") {
        field.value = element.value
        field.checked = element.checked
      } else if (element.tagName === "SELECT") {
        field.options = [...element.selectedOptions].map((option) => [option.value, option.text])
      } else {
        field.value = element.value
      }
      fields.push(field)
    }
    return fields
  }

  function setValue(element, value) {
    const editor = editors.get(element)
    element.value = value
    if (editor) {
      editor.commands.setContent(value, { emitUpdate: true })
    }
  }

  function restore(form, fields) {
    const seen = new Map()
    for (const field of fields) {
      const candidates = [...form.elements].filter((element) => element.name === field.name)
      if (!candidates.length) continue
      let element
      if (field.type === "checkbox" || field.type === "radio") {
        element = candidates.find((candidate) => candidate.value === field.value)
        if (!element) continue
        element.checked = field.checked
      } else {
        // Same-named fields (a split date and time) in document order.
        const index = seen.get(field.name) || 0
        seen.set(field.name, index + 1)
        element = candidates[index]
        if (!element) continue
        if (element.tagName === "SELECT") {
          const wanted = new Map(field.options)
          for (const [value, text] of field.options) {
            if (![...element.options].some((option) => option.value === value)) {
              element.add(new Option(text, value))
            }
          }
          for (const option of element.options) option.selected = wanted.has(option.value)
        } else {
          setValue(element, field.value)
        }
      }
      element.dispatchEvent(new Event("input", { bubbles: true }))
      element.dispatchEvent(new Event("change", { bubbles: true }))
      // Autocomplete widgets (select2) listen through jQuery.
      if (element.tagName === "SELECT" && window.django && window.django.jQuery) {
        window.django.jQuery(element).trigger("change")
      }
    }
  }

  window.turanFormFields = { collect, restore }

  function offer(form, key, draft, strings) {
    const notice = document.createElement("div")
    notice.className = "turan-draft"
    notice.id = "turan-draft"
    notice.setAttribute("role", "alert")
    const text = document.createElement("p")
    const when = new Date(draft.saved).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    text.textContent = strings.offer.replace("%(time)s", when)
    const restoreButton = document.createElement("button")
    restoreButton.type = "button"
    restoreButton.className = "button default"
    restoreButton.textContent = strings.restore
    const discardButton = document.createElement("button")
    discardButton.type = "button"
    discardButton.className = "button"
    discardButton.textContent = strings.discard
    notice.append(text, restoreButton, " ", discardButton)
    form.before(notice)

    restoreButton.addEventListener("click", () => {
      restore(form, draft.fields)
      text.textContent = strings.restored
      restoreButton.remove()
      discardButton.remove()
    })
    discardButton.addEventListener("click", () => {
      storage.removeItem(key)
      notice.remove()
    })
  }

  function start() {
    if (!storage) return
    // A success message means the last save in this tab went through.
    if (document.querySelector(".messagelist .success")) {
      const last = storage.getItem(LAST)
      if (last) storage.removeItem(last)
      storage.removeItem(LAST)
    }
    const config = document.getElementById("turan-draft-keeper")
    const form = document.querySelector("#content-main form[method=post][id$='_form']")
    if (!config || !form) return
    const strings = JSON.parse(config.textContent)
    const key = keyFor(window.location.pathname)

    form.addEventListener("submit", () => {
      try {
        storage.setItem(key, JSON.stringify({ saved: Date.now(), fields: collect(form) }))
        storage.setItem(LAST, key)
      } catch {
        // Storage full or refused: the save itself is unaffected.
      }
    })

    const stored = storage.getItem(key)
    if (!stored || document.querySelector(".errornote, .errorlist")) return
    let draft
    try {
      draft = JSON.parse(stored)
    } catch {
      storage.removeItem(key)
      return
    }
    offer(form, key, draft, strings)
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start)
  } else {
    start()
  }
})()
