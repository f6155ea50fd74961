/*
 * One language switcher for a whole admin form.
 *
 * The form holds every translated field in every language (<field>_ru/_az/_en).
 * The tabs rendered by admin/turan/translated_change_form.html show one
 * language at a time, mark the original, empty and erroneous versions, and
 * under each field of a translation show the original language's current
 * text (read-only, built with textContent or a sanitised copy, never innerHTML).
 */
"use strict";
;(() => {
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "")

  // What the original-text box may copy from the rich-text body; anything
  // else is unwrapped to its text, and these elements keep no attributes.
  const RICH_TAGS = new Set([
    "P", "BR", "H2", "H3", "H4", "STRONG", "EM", "B", "I", "UL", "OL", "LI", "BLOCKQUOTE",
    // A table keeps its grid: unwrapped, its cells' text would run together.
    "HR", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD",
  ])
  const SKIPPED_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "SVG", "MATH"])

  function copySanitised(source, target, describeQuote) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(node.textContent)
      } else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED_TAGS.has(node.tagName)) {
        if (node.tagName === "FIGURE" && node.hasAttribute("data-quote")) {
          const quote = document.createElement("div")
          quote.className = "turan-original__quote"
          quote.textContent = describeQuote(node.getAttribute("data-quote"))
          target.append(quote)
        } else if (node.tagName === "FIGURE" && node.hasAttribute("data-photo")) {
          // A photo from the media library: the translation places it too.
          const figure = document.createElement("div")
          figure.className = "turan-original__quote"
          const gettext = window.gettext || ((text) => text)
          figure.textContent = format(gettext("[Photo from the media library #%(id)s]"), {
            id: node.getAttribute("data-photo"),
          })
          target.append(figure)
        } else if (RICH_TAGS.has(node.tagName)) {
          const copy = document.createElement(node.tagName.toLowerCase())
          copySanitised(node, copy, describeQuote)
          target.append(copy)
        } else {
          copySanitised(node, target, describeQuote)
        }
      }
    }
  }

  function renderRichText(html, target, describeQuote) {
    // DOMParser builds an inert document: no scripts run, nothing loads.
    const doc = new DOMParser().parseFromString(html, "text/html")
    copySanitised(doc.body, target, describeQuote)
  }

  function init() {
    const configElement = document.getElementById("turan-translation-config")
    const bar = document.getElementById("turan-langbar")
    if (!configElement || !bar) return
    const config = JSON.parse(configElement.textContent)
    const form = bar.closest("form")
    const codes = config.languages.map((language) => language.code)
    const names = Object.fromEntries(config.languages.map((l) => [l.code, l.name]))
    const tabs = Object.fromEntries(
      [...bar.querySelectorAll("[data-lang]")].map((tab) => [tab.dataset.lang, tab]),
    )
    let current = config.current
    let original = config.original

    // rows[field][code]: the element holding that field in that language.
    const rows = {}
    for (const field of config.fields) {
      rows[field] = {}
      for (const code of codes) {
        const name = `${field}_${code}`
        const row =
          form.querySelector(`.fieldBox.field-${name}`) ||
          form.querySelector(`.form-row.field-${name}`)
        if (!row) continue
        row.classList.add("turan-translated")
        row.dataset.turanLang = code
        row.dataset.turanField = field
        rows[field][code] = row
      }
    }

    // Per-language rows that are not translated model fields (the publication
    // controls, <name>_<code>): they follow the tabs but have no original text.
    const companions = []
    for (const field of config.companions || []) {
      for (const code of codes) {
        const row = form.querySelector(`.form-row.field-${field}_${code}`)
        if (!row) continue
        row.classList.add("turan-companion")
        row.dataset.turanLang = code
        companions.push(row)
      }
    }

    // The row's own inputs (a split date/time has two); not those of editor dialogs.
    const inputsOf = (row) => {
      const name = `${row.dataset.turanField}_${row.dataset.turanLang}`
      return [...row.querySelectorAll("input, textarea, select")].filter(
        (input) =>
          (input.name === name || input.name.startsWith(`${name}_`)) &&
          !["hidden", "checkbox", "radio", "button", "submit"].includes(input.type),
      )
    }

    const valueOf = (row) =>
      inputsOf(row)
        .map((input) => input.value.trim())
        .filter(Boolean)
        .join(" ")

    // What a row holds as readers would see it: a rich-text body's text (or its
    // placed quotes), so that an editor's empty paragraph counts as nothing.
    const textOf = (row) => {
      const value = valueOf(row)
      if (!value || !isRichText(row)) return value
      const doc = new DOMParser().parseFromString(value, "text/html")
      if (doc.querySelector("figure[data-quote]")) return value
      return doc.body.textContent.trim()
    }

    const isRichText = (row) =>
      inputsOf(row).some((input) =>
        [...input.attributes].some((attr) => attr.name.startsWith("data-django-prose-editor")),
      )

    function describeQuote(id) {
      const library = window.turanQuoteLibrary
      const described = library && library.describe(id, original)
      return described || format(config.strings.quote, { id })
    }

    function renderOriginal(field) {
      const source = rows[field][original]
      for (const code of codes) {
        const row = rows[field][code]
        if (!row) continue
        let box = row.querySelector(":scope .turan-original")
        if (code === original || !source) {
          if (box) box.hidden = true
          continue
        }
        if (!box) {
          box = document.createElement("div")
          box.className = "turan-original"
          box.setAttribute("aria-live", "polite")
          const heading = document.createElement("div")
          heading.className = "turan-original__label"
          const text = document.createElement("div")
          text.className = "turan-original__text"
          box.append(heading, text)
          const host = row.classList.contains("fieldBox")
            ? row.parentElement
            : row.querySelector(".flex-container")?.parentElement || row
          host.append(box)
        }
        box.hidden = false
        box.lang = original
        box.dataset.originalLang = original
        box.querySelector(".turan-original__label").textContent = format(
          config.strings.reference,
          { language: names[original] },
        )
        const text = box.querySelector(".turan-original__text")
        text.replaceChildren()
        const value = valueOf(source)
        box.classList.toggle("is-empty", !value)
        if (!value) {
          text.classList.add("is-empty")
          text.textContent = format(config.strings.empty, { language: names[original] })
        } else if (isRichText(source)) {
          text.classList.remove("is-empty")
          renderRichText(value, text, describeQuote)
        } else {
          text.classList.remove("is-empty")
          text.textContent = value
        }
      }
    }

    function renderAllOriginals() {
      for (const field of config.fields) renderOriginal(field)
    }

    function updateBadges() {
      for (const code of codes) {
        const tab = tabs[code]
        if (!tab) continue
        const languageRows = config.fields.map((field) => rows[field][code]).filter(Boolean)
        const empty = languageRows.every((row) => !valueOf(row))
        const error = [
          ...languageRows,
          ...companions.filter((row) => row.dataset.turanLang === code),
        ].some((row) => row.querySelector(".errorlist"))
        const originalBadge = tab.querySelector(".turan-badge--original")
        if (originalBadge) originalBadge.hidden = code !== original
        tab.querySelector(".turan-badge--empty").hidden = !empty
        // A version needs every one of its fields (a title and a body): some but
        // not all is "incomplete", which is saved but can never be published.
        const incomplete = tab.querySelector(".turan-badge--incomplete")
        if (incomplete) {
          const filled = (config.versionFields || []).map((field) => {
            const row = rows[field] && rows[field][code]
            return !!row && textOf(row) !== ""
          })
          incomplete.hidden = !(filled.some(Boolean) && !filled.every(Boolean))
        }
        tab.querySelector(".turan-badge--error").hidden = !error
        // Server-rendered for an outdated translation; ticking "translation checked" clears it.
        const outdated = tab.querySelector(".turan-badge--outdated")
        if (outdated) {
          const checked = form.querySelector(`input[name="translation_checked_${code}"]`)
          outdated.hidden = !!checked && checked.checked
        }
        tab.classList.toggle("is-original", !!originalBadge && code === original)
        tab.classList.toggle("has-error", error)
      }
    }

    function show(code, focus = false) {
      if (!codes.includes(code)) return
      current = code
      form.dataset.turanLanguage = code
      for (const field of config.fields) {
        for (const [rowCode, row] of Object.entries(rows[field])) {
          row.classList.toggle("turan-off", rowCode !== code)
        }
      }
      for (const row of companions) row.classList.toggle("turan-off", row.dataset.turanLang !== code)
      for (const [tabCode, tab] of Object.entries(tabs)) {
        const selected = tabCode === code
        tab.classList.toggle("is-current", selected)
        tab.setAttribute("aria-selected", selected ? "true" : "false")
        tab.tabIndex = selected ? 0 : -1
        if (selected && focus) tab.focus()
      }
      // A collapsed fieldset would hide this language's error.
      for (const details of form.querySelectorAll("details")) {
        if (details.querySelector(":is(.turan-translated, .turan-companion):not(.turan-off) .errorlist")) {
          details.open = true
        }
      }
      renderAllOriginals()
    }

    bar.addEventListener("click", (event) => {
      const tab = event.target.closest("[data-lang]")
      if (tab) show(tab.dataset.lang)
    })
    bar.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key]
      if (!step || !event.target.closest("[data-lang]")) return
      event.preventDefault()
      const index = codes.indexOf(current)
      show(codes[(index + step + codes.length) % codes.length], true)
    })

    // Prose editors write their HTML back to the textarea and fire "input".
    const onEdit = (event) => {
      const row = event.target.closest && event.target.closest(".turan-translated")
      if (row) {
        if (row.dataset.turanLang === original) renderOriginal(row.dataset.turanField)
        updateBadges()
      } else if (event.target.name?.startsWith("translation_checked_")) {
        updateBadges()
      }
      if (config.originalField && event.target.name === config.originalField) {
        if (codes.includes(event.target.value)) {
          original = event.target.value
          updateBadges()
          renderAllOriginals()
        }
      }
    }
    form.addEventListener("input", onEdit)
    form.addEventListener("change", onEdit)
    document.addEventListener("turan:quotes-loaded", renderAllOriginals)

    form.classList.add("turan-switched")
    bar.classList.add("is-ready")
    updateBadges()
    show(current)
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init)
  } else {
    init()
  }
})()
