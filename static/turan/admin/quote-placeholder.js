/*
 * A quote from the library, placed in the article body.
 *
 * Stored as exactly <figure data-quote="ID"></figure> (core/text.py keeps it,
 * quote_ids() reads it); shown in the editor as a non-editable block with the
 * quote's words and speaker. A toolbar button opens a picker that places the
 * chosen quote at the cursor. Loaded by django-prose-editor's configurable
 * preset (see newsroom.forms.BodyEditorWidget).
 */
import { Node, pm } from "django-prose-editor/editor"

const format = (template, values) =>
  template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "")

// One library per page, shared by every language's editor and by the
// original-text boxes of translations.js (window.turanQuoteLibrary).
const library = (() => {
  const quotes = new Map()
  const pending = new Map()
  let url = null

  async function fetchJSON(params) {
    const response = await fetch(`${url}?${new URLSearchParams(params)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
    if (!response.ok) throw new Error(`Quote library: HTTP ${response.status}`)
    const { results } = await response.json()
    for (const quote of results) quotes.set(String(quote.id), quote)
    return results
  }

  return {
    configure(libraryUrl) {
      url = url || libraryUrl
    },
    search(query) {
      return fetchJSON(query ? { q: query } : {})
    },
    get(id) {
      id = String(id)
      if (quotes.has(id)) return Promise.resolve(quotes.get(id))
      if (!pending.has(id)) {
        pending.set(
          id,
          fetchJSON({ ids: id })
            .then(() => {
              document.dispatchEvent(new CustomEvent("turan:quotes-loaded"))
              return quotes.get(id) || null
            })
            .catch(() => {
              pending.delete(id)
              return null
            }),
        )
      }
      return pending.get(id)
    },
    cached(id) {
      return quotes.get(String(id)) || null
    },
    describe(id, language) {
      const quote = quotes.get(String(id))
      if (!quote) return ""
      const words = pick(quote.words, language)
      const speaker = pick(quote.speaker, language)
      return `«${words.text}» — ${speaker.text}`
    },
  }
})()
window.turanQuoteLibrary = library

// The text in `language`, else the first language that has it.
function pick(translations, language) {
  if (translations[language]) return { text: translations[language], lang: language }
  for (const [code, text] of Object.entries(translations || {})) {
    if (text) return { text, lang: code }
  }
  return { text: "", lang: language }
}

function element(tag, className, text, lang) {
  const el = document.createElement(tag)
  if (className) el.className = className
  if (text !== undefined) el.textContent = text
  if (lang) el.lang = lang
  return el
}

function fillQuote(dom, quote, options, id) {
  dom.replaceChildren()
  dom.append(element("div", "turan-quote-node__label", `${options.strings.label} #${id}`))
  if (!quote) {
    dom.classList.add("is-missing")
    dom.append(element("p", "turan-quote-node__words", format(options.strings.missing, { id })))
    return
  }
  dom.classList.remove("is-missing")
  const words = pick(quote.words, options.language)
  const speaker = pick(quote.speaker, options.language)
  const role = pick(quote.role, options.language)
  dom.append(element("blockquote", "turan-quote-node__words", words.text, words.lang))
  const caption = element("figcaption", "turan-quote-node__speaker")
  caption.append(element("span", "", speaker.text, speaker.lang))
  if (role.text) caption.append(", ", element("span", "", role.text, role.lang))
  dom.append(caption)
}

function openPicker(editor, options) {
  const { strings } = options
  const dialog = element("dialog", "turan-quote-picker")
  dialog.setAttribute("aria-label", strings.title)
  const heading = element("h2", "", strings.title)
  const search = element("input")
  search.type = "search"
  search.placeholder = strings.search
  search.setAttribute("aria-label", strings.search)
  const list = element("ul", "turan-quote-picker__list")
  const cancel = element("button", "button", strings.cancel)
  cancel.type = "button"
  dialog.append(heading, search, list, cancel)
  document.body.append(dialog)

  const close = () => {
    dialog.close()
    dialog.remove()
  }
  cancel.addEventListener("click", close)
  dialog.addEventListener("close", () => dialog.remove())

  let generation = 0
  async function refresh() {
    const mine = ++generation
    list.replaceChildren(element("li", "turan-quote-picker__status", strings.loading))
    let results = []
    try {
      results = await library.search(search.value.trim())
    } catch (_error) {
      results = []
    }
    if (mine !== generation) return
    list.replaceChildren()
    if (!results.length) {
      list.append(element("li", "turan-quote-picker__status", strings.none))
    }
    for (const quote of results) {
      const words = pick(quote.words, options.language)
      const speaker = pick(quote.speaker, options.language)
      const button = element("button", "turan-quote-picker__choice")
      button.type = "button"
      button.dataset.quoteId = quote.id
      button.append(
        element("span", "turan-quote-picker__words", words.text, words.lang),
        element("span", "turan-quote-picker__speaker", speaker.text, speaker.lang),
      )
      button.addEventListener("click", () => {
        close()
        editor.chain().focus().insertQuote(quote.id).run()
      })
      const item = element("li")
      item.append(button)
      list.append(item)
    }
  }
  let timer = null
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(refresh, 200)
  })
  dialog.showModal()
  search.focus()
  refresh()
}

export const QuotePlaceholder = Node.create({
  name: "quotePlaceholder",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { url: "", language: "ru", strings: {} }
  },

  addAttributes() {
    return {
      quote: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-quote"),
        renderHTML: (attributes) => ({ "data-quote": attributes.quote }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-quote]" }]
  },

  // The editable area is in this version's language, spell-checked in it
  // (BodyEditorWidget leaves django-prose-editor's NoSpellCheck out).
  addProseMirrorPlugins() {
    const language = this.options.language
    return [
      new pm.state.Plugin({
        props: { attributes: { lang: language, spellcheck: "true" } },
      }),
    ]
  },

  renderHTML({ HTMLAttributes }) {
    // No content hole: the stored form is exactly <figure data-quote="ID"></figure>.
    return ["figure", { "data-quote": HTMLAttributes["data-quote"] }]
  },

  addNodeView() {
    const options = this.options
    library.configure(options.url)
    return ({ node }) => {
      const dom = element("figure", "turan-quote-node")
      dom.contentEditable = "false"
      dom.dataset.quote = node.attrs.quote
      let id = node.attrs.quote
      const load = () => {
        const cached = library.cached(id)
        if (cached) {
          fillQuote(dom, cached, options, id)
          return
        }
        dom.replaceChildren(element("div", "turan-quote-node__label", options.strings.loading))
        library.get(id).then((quote) => {
          if (dom.dataset.quote === String(id)) fillQuote(dom, quote, options, id)
        })
      }
      load()
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "quotePlaceholder") return false
          if (updated.attrs.quote !== id) {
            id = updated.attrs.quote
            dom.dataset.quote = id
            load()
          }
          return true
        },
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      // Place the quote between top-level blocks at the cursor (splitting a
      // paragraph if the cursor is inside one), then continue typing after it.
      insertQuote:
        (id) =>
        ({ tr, state, dispatch }) => {
          if (!dispatch) return true
          const node = state.schema.nodes[this.name].create({ quote: String(id) })
          const $pos = tr.selection.$from
          let at
          if ($pos.depth === 0) {
            at = $pos.pos
            tr.insert(at, node)
          } else {
            const block = $pos.node(1)
            const start = $pos.before(1)
            const inside = $pos.depth === 1 && block.isTextblock
            if (block.isTextblock && block.content.size === 0) {
              at = start
              tr.replaceWith(start, $pos.after(1), node)
            } else if (inside && $pos.parentOffset === 0) {
              at = start
              tr.insert(at, node)
            } else if (inside && $pos.parentOffset < block.content.size) {
              tr.split($pos.pos)
              at = $pos.pos + 1
              tr.insert(at, node)
            } else {
              at = $pos.after(1)
              tr.insert(at, node)
            }
          }
          const after = at + node.nodeSize
          if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
            tr.insert(after, state.schema.nodes.paragraph.create())
          }
          tr.setSelection(pm.state.TextSelection.create(tr.doc, after + 1))
          tr.scrollIntoView()
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "quotePlaceholder",
      groups: "nodes",
      priority: 50,
      command: (editor) => openPicker(editor, options),
      button: buttons.material("record_voice_over", options.strings.button),
      active: (editor) => editor.isActive("quotePlaceholder"),
    })
  },
})
