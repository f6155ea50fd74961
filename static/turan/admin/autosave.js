/*
 * Autosave of the article form to the server, and a question before leaving it.
 *
 * While the form holds changes, its fields (collected as draft-keeper.js does,
 * window.turanFormFields) are posted every `interval` seconds and once more
 * with navigator.sendBeacon when the tab is hidden or left; the CSRF token
 * travels in the posted form data. Leaving a form with changes asks first
 * (beforeunload), except when it is being submitted. A copy kept earlier is
 * offered above the form with its time; restoring it fills the fields, the
 * rich-text bodies and all three languages included, and the copy is saved
 * for real only by the form's own save (newsroom/autosave.py).
 *
 * Configuration and strings come from the page (json_script "turan-autosave");
 * nothing is built with innerHTML.
 */
"use strict";
;(() => {
  function start() {
    const configElement = document.getElementById("turan-autosave")
    const form = document.querySelector("#content-main form[method=post][id$='_form']")
    const fields = window.turanFormFields
    if (!configElement || !form || !fields) return
    const config = JSON.parse(configElement.textContent)
    const token = form.querySelector("input[name=csrfmiddlewaretoken]")
    const snapshot = () => JSON.stringify(fields.collect(form))

    // What the form held when it was shown; a form shown again after a refused
    // save holds text that was never saved, so it counts as changed at once.
    let baseline = config.unsaved ? null : snapshot()
    let touched = !!config.unsaved
    let lastSent = null
    let submitting = false

    // Editors write their HTML back to the textarea once ready: that is no change.
    document.addEventListener("prose-editor:ready", () => {
      if (!touched) setTimeout(() => (baseline = snapshot()), 0)
    })
    const onEdit = (event) => {
      if (event.isTrusted) touched = true
    }
    form.addEventListener("input", onEdit, true)
    form.addEventListener("change", onEdit, true)
    // The body editor's text is typed outside the textarea.
    form.addEventListener("keydown", onEdit, true)

    const current = () => {
      if (!touched) return null
      const now = snapshot()
      return now === baseline ? null : now
    }

    const status = document.createElement("p")
    status.className = "turan-autosave-status"
    status.id = "turan-autosave-status"
    status.setAttribute("aria-live", "polite")
    form.before(status)

    function payload(data, extra = {}) {
      const body = new FormData()
      body.append("csrfmiddlewaretoken", token ? token.value : "")
      if (data !== null) body.append("fields", data)
      for (const [key, value] of Object.entries(extra)) body.append(key, value)
      return body
    }

    async function save() {
      const data = current()
      if (submitting || data === null || data === lastSent) return
      try {
        const response = await fetch(config.url, {
          method: "POST",
          body: payload(data),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        const answer = await response.json().catch(() => ({}))
        if (!response.ok) throw new Error(answer.error || config.strings.failed)
        lastSent = data
        status.classList.remove("is-failed")
        status.textContent = answer.status
      } catch (error) {
        status.classList.add("is-failed")
        status.textContent = error.message && error.message !== "Failed to fetch"
          ? error.message
          : config.strings.failed
      }
    }

    function saveOnLeaving() {
      const data = current()
      if (submitting || data === null || data === lastSent || !navigator.sendBeacon) return
      if (navigator.sendBeacon(config.url, payload(data))) lastSent = data
    }

    setInterval(save, Math.max(1, config.interval) * 1000)
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") saveOnLeaving()
    })
    window.addEventListener("pagehide", saveOnLeaving)
    window.addEventListener("beforeunload", (event) => {
      if (submitting || current() === null) return
      event.preventDefault()
      event.returnValue = ""
    })
    form.addEventListener("submit", () => {
      submitting = true
    })

    if (config.offer) offer(config.offer)

    function offer(kept) {
      const notice = document.createElement("div")
      notice.className = "turan-draft turan-autosave"
      notice.id = "turan-autosave-offer"
      notice.setAttribute("role", "alert")
      const text = document.createElement("p")
      text.textContent = kept.text
      const restoreButton = document.createElement("button")
      restoreButton.type = "button"
      restoreButton.className = "button default"
      restoreButton.textContent = kept.restore
      const discardButton = document.createElement("button")
      discardButton.type = "button"
      discardButton.className = "button"
      discardButton.textContent = config.strings.discard
      notice.append(text, restoreButton, " ", discardButton)
      form.before(notice)

      restoreButton.addEventListener("click", () => {
        fields.restore(form, kept.fields)
        // Restored, not saved: it counts as a change until the form is saved.
        touched = true
        baseline = null
        text.textContent = config.strings.restored
        restoreButton.remove()
        discardButton.remove()
      })
      discardButton.addEventListener("click", () => {
        fetch(config.url, {
          method: "POST",
          body: payload(null, { discard: "1" }),
          credentials: "same-origin",
        })
        notice.remove()
      })
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start)
  } else {
    start()
  }
})()
