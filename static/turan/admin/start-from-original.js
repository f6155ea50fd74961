"use strict"
// "Start from the original" for an empty translation body, and a warning when
// the versions place different quotes (newsroom/admin_translate.py).
//
// The button copies the original's body as it is: its paragraphs, headings and
// lists with the original's text in them, and its quotes where the original
// places them. The translator overwrites the text in place, so the structure
// and the quote placements stay those of the original; a quote is the
// library's, in every language, so its placeholder needs no translation.
;(() => {
  // Editors may announce themselves before the page is parsed: keep them.
  const editors = new Map()
  let update = () => {}
  document.addEventListener("prose-editor:ready", (event) => {
    const name = event.detail.textarea && event.detail.textarea.name
    const code = name && name.startsWith("body_") ? name.slice(5) : null
    if (!code) return
    editors.set(code, event.detail.editor)
    event.detail.editor.on("update", () => update())
    update()
  })

  function init() {
    const configNode = document.getElementById("turan-translation-config")
    if (!configNode) return
    const config = JSON.parse(configNode.textContent)
    const strings = config.startFromOriginal
    if (!strings) return
    const codes = config.languages.map((language) => language.code)

    const originalCode = () => {
      const select = document.getElementById("id_original_language")
      return (select && select.value) || config.original
    }
    const textarea = (code) => document.querySelector(`textarea[name="body_${code}"]`)
    const html = (code) => {
      const editor = editors.get(code)
      if (editor) return editor.isEmpty ? "" : editor.getHTML()
      const input = textarea(code)
      return input ? input.value : ""
    }
    const isEmpty = (code) => {
      const doc = new DOMParser().parseFromString(html(code) || "", "text/html")
      return !doc.body.textContent.trim() && !doc.querySelector("figure[data-quote]")
    }
    const quotes = (code) => {
      const doc = new DOMParser().parseFromString(html(code) || "", "text/html")
      return [...doc.querySelectorAll("figure[data-quote]")].map((figure) => figure.dataset.quote)
    }
    const row = (code) => document.querySelector(`.form-row.field-body_${code}`)

    function controls(code) {
      const host = row(code)
      if (!host) return null
      let box = host.querySelector(":scope .turan-start")
      if (box) return box
      box = document.createElement("div")
      box.className = "turan-start"
      const button = document.createElement("button")
      button.type = "button"
      button.className = "button turan-start__button"
      button.textContent = strings.button
      button.title = strings.help
      button.addEventListener("click", () => start(code))
      const warning = document.createElement("p")
      warning.className = "turan-start__warning"
      warning.setAttribute("role", "status")
      warning.hidden = true
      box.append(button, warning)
      const editorHost = host.querySelector(".prose-editor") || host.querySelector("textarea")
      ;(editorHost ? editorHost.parentElement : host).prepend(box)
      return box
    }

    function start(code) {
      const source = html(originalCode())
      const editor = editors.get(code)
      if (!source || !editor || !isEmpty(code)) return
      editor.commands.setContent(source, { emitUpdate: true })
      editor.commands.focus("start")
      update()
    }

    update = () => {
      // The server's note on the form as it was shown: the live warning below
      // takes its place from now on.
      document.querySelectorAll(".turan-quotes-differ").forEach((note) => note.remove())
      const original = originalCode()
      const originalQuotes = quotes(original)
      for (const code of codes) {
        const box = controls(code)
        if (!box) continue
        const button = box.querySelector(".turan-start__button")
        const warning = box.querySelector(".turan-start__warning")
        if (code === original) {
          button.hidden = warning.hidden = true
          continue
        }
        button.hidden = !(editors.has(code) && isEmpty(code) && !isEmpty(original))
        const mine = quotes(code)
        const differ =
          !isEmpty(code) &&
          !isEmpty(original) &&
          (mine.length !== originalQuotes.length ||
            new Set(mine).size !== new Set([...mine, ...originalQuotes]).size)
        warning.hidden = !differ
        warning.textContent = differ
          ? strings.quotesDiffer
              .replace("%(original)s", originalQuotes.map((id) => `#${id}`).join(", ") || "—")
              .replace("%(translation)s", mine.map((id) => `#${id}`).join(", ") || "—")
          : ""
      }
    }

    document.addEventListener("change", (event) => {
      if (event.target && event.target.id === "id_original_language") update()
    })
    update()
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
