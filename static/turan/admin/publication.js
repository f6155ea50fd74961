/*
 * Per-language publication controls of the article form.
 *
 * Typing a date or time under "publish at" (or filling it with the calendar,
 * the clock, "Today" or "Now") chooses "publish at" for that language. Saving
 * a moment that lies in the past asks first: it publishes at once, backdated.
 * The server decides the rest (newsroom/forms.py).
 */
"use strict";
;(() => {
  // A minute's grace: "Now" picked a moment ago is not "in the past".
  const GRACE = 60 * 1000

  const pad = (number) => String(number).padStart(2, "0")

  function parseDate(value, format) {
    // The admin's input format for the language (%d.%m.%Y, %Y-%m-%d…).
    const parts = {}
    const pattern = format.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&").replace(/%([dmYy])/g, (_m, key) => {
      parts[Object.keys(parts).length + 1] = key
      return key === "Y" ? "(\\d{4})" : "(\\d{1,2})"
    })
    const match = new RegExp(`^${pattern}$`).exec(value.trim())
    if (!match) return null
    const found = {}
    for (const [index, key] of Object.entries(parts)) found[key] = Number(match[index])
    const year = found.Y ?? (found.y !== undefined ? 2000 + found.y : undefined)
    if (!year || !found.m || !found.d) return null
    return `${year}-${pad(found.m)}-${pad(found.d)}`
  }

  function parseTime(value) {
    const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value.trim())
    return match ? `${pad(match[1])}:${match[2]}:${match[3] || "00"}` : null
  }

  function momentOf(dateInput, timeInput) {
    const date = parseDate(dateInput.value, dateInput.dataset.turanDateFormat || "%Y-%m-%d")
    const time = parseTime(timeInput.value)
    if (!date || !time) return null
    const offset = dateInput.dataset.turanUtcOffset || "+0400"
    const moment = new Date(`${date}T${time}${offset.slice(0, 3)}:${offset.slice(3)}`)
    return Number.isNaN(moment.getTime()) ? null : moment
  }

  // The table of all languages (newsroom/admin_publication.py): each row gets
  // that language's publication controls, moved there whole (same inputs,
  // same names), so all three can be scheduled without switching tabs.
  function fillTable() {
    const table = document.querySelector(".turan-pubtable")
    if (!table) return
    let moved = 0
    for (const cell of table.querySelectorAll("[data-turan-slots]")) {
      for (const name of cell.dataset.turanSlots.split(" ")) {
        const row = document.querySelector(`.form-row.field-${name}`)
        if (!row) continue
        cell.append(row)
        moved += 1
      }
    }
    table.classList.toggle("has-controls", moved > 0)
  }

  function init() {
    fillTable()
    const versions = []
    for (const dateInput of document.querySelectorAll("input[name$='_0'][name^='published_at_']")) {
      const code = dateInput.name.split("_")[2]
      const timeInput = document.querySelector(`input[name="published_at_${code}_1"]`)
      const at = document.querySelector(`input[name="schedule_${code}"][value="at"]`)
      if (!timeInput) continue
      const choose = () => {
        if (at && (dateInput.value.trim() || timeInput.value.trim())) at.checked = true
      }
      for (const input of [dateInput, timeInput]) {
        for (const type of ["input", "change", "focus"]) input.addEventListener(type, choose)
      }
      // The calendar and the clock set the value and focus the input, or not.
      const row = dateInput.closest(".form-row")
      if (row) row.addEventListener("click", () => setTimeout(choose, 0))
      // "Yes, publish backdated": shown once the server asked for it (or it is
      // ticked); the question below ticks it for the versions it warned about.
      const backdate = document.querySelector(`input[name="backdate_${code}"]`)
      const backdateRow = backdate ? backdate.closest(".form-row") : null
      const asked = row && row.querySelector(".errorlist")
      if (backdateRow && !backdate.checked && !asked) backdateRow.hidden = true
      versions.push({ code, dateInput, timeInput, at, backdate })
    }
    const form = versions.length ? versions[0].dateInput.form : null
    if (!form) return

    form.addEventListener("submit", (event) => {
      const now = Date.now()
      const warnings = []
      const backdated = []
      for (const { dateInput, timeInput, at, backdate } of versions) {
        if (at && !at.checked) continue
        const moment = momentOf(dateInput, timeInput)
        if (!moment || moment.getTime() >= now - GRACE) continue
        const changed =
          dateInput.value !== dateInput.defaultValue ||
          timeInput.value !== timeInput.defaultValue ||
          (at && !at.defaultChecked)
        if (!changed) continue
        if (backdate && backdate.checked) continue
        const typed = `${dateInput.value.trim()} ${timeInput.value.trim()}`
        warnings.push(dateInput.dataset.turanPast.replaceAll("%(moment)s", typed))
        if (backdate) backdated.push(backdate)
      }
      if (!warnings.length) return
      const question = versions[0].dateInput.dataset.turanPastQuestion
      if (!window.confirm(`${warnings.join("\n\n")}\n\n${question}`)) {
        event.preventDefault()
        event.stopImmediatePropagation()
        return
      }
      for (const backdate of backdated) backdate.checked = true
    })
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init)
  } else {
    init()
  }
})()
