/*
 * A photo from the media library, placed in the article body (an inline figure).
 *
 * Stored as exactly <figure data-photo="ID"></figure> (core/text.py keeps it
 * and nothing inside it, photo_ids() reads it); shown in the editor as a
 * non-editable block with the photo's thumbnail and its caption in this
 * version's language. Readers get the figure with its renditions, caption
 * and credit (articles.templatetags.article_tags.inline_figure). A toolbar
 * button opens a picker over the library, searched as the lead photo's
 * autocomplete searches it (caption, alt text, credit, tags), which places
 * the chosen photo at the cursor; the paste notice opens the same picker
 * (editor.commands.openFigurePicker). Loaded by django-prose-editor's
 * configurable preset (see newsroom.forms.BodyEditorWidget).
 */
import { Node, pm } from "django-prose-editor/editor"

const format = (template, values) =>
  template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "")

// One library per page, shared by every language's editor.
const library = (() => {
  const photos = new Map()
  const pending = new Map()
  let url = null

  async function fetchJSON(params) {
    const response = await fetch(`${url}?${new URLSearchParams(params)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
    if (!response.ok) throw new Error(`Media library: HTTP ${response.status}`)
    const { results } = await response.json()
    for (const photo of results) photos.set(String(photo.id), photo)
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
      if (photos.has(id)) return Promise.resolve(photos.get(id))
      if (!pending.has(id)) {
        pending.set(
          id,
          fetchJSON({ ids: id })
            .then(() => photos.get(id) || null)
            .catch(() => {
              pending.delete(id)
              return null
            }),
        )
      }
      return pending.get(id)
    },
    cached(id) {
      return photos.get(String(id)) || null
    },
  }
})()

function element(tag, className, text, lang) {
  const el = document.createElement(tag)
  if (className) el.className = className
  if (text !== undefined) el.textContent = text
  if (lang) el.lang = lang
  return el
}

function thumbnail(photo, language) {
  const img = element("img", "turan-figure-node__image")
  img.src = photo.thumbnail
  img.alt = photo.alt[language] || ""
  if (photo.width && photo.height) {
    img.width = photo.width
    img.height = photo.height
  }
  return img
}

// The caption as readers of this version will see it: this language's only.
function captionText(photo, options) {
  const caption = photo.caption[options.language]
  const credit = photo.credit[options.language] || Object.values(photo.credit).find(Boolean)
  return [caption, credit ? `${photo.credit_label} ${credit}` : ""].filter(Boolean).join(" ")
}

function fillFigure(dom, photo, options, id) {
  dom.replaceChildren()
  dom.append(element("div", "turan-figure-node__label", `${options.strings.label} #${id}`))
  if (!photo) {
    dom.classList.add("is-missing")
    dom.append(element("p", "turan-figure-node__caption", format(options.strings.missing, { id })))
    return
  }
  dom.classList.remove("is-missing")
  dom.append(thumbnail(photo, options.language))
  const text = captionText(photo, options)
  const caption = element("figcaption", "turan-figure-node__caption", text || options.strings.noCaption)
  if (!photo.caption[options.language]) caption.classList.add("is-empty")
  dom.append(caption)
}

function openPicker(editor, options) {
  const { strings } = options
  library.configure(options.url)
  const dialog = element("dialog", "turan-quote-picker turan-figure-picker")
  dialog.setAttribute("aria-label", strings.title)
  const heading = element("h2", "", strings.title)
  const search = element("input")
  search.type = "search"
  search.placeholder = strings.search
  search.setAttribute("aria-label", strings.search)
  const list = element("ul", "turan-quote-picker__list turan-figure-picker__list")
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
    if (!results.length) list.append(element("li", "turan-quote-picker__status", strings.none))
    for (const photo of results) {
      const button = element("button", "turan-figure-picker__choice")
      button.type = "button"
      button.dataset.photoId = photo.id
      const text = captionText(photo, options) || `#${photo.id}`
      button.append(thumbnail(photo, options.language), element("span", "", text))
      button.addEventListener("click", () => {
        close()
        editor.chain().focus().insertFigure(photo.id).run()
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

export const FigurePlaceholder = Node.create({
  name: "figurePlaceholder",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { url: "", language: "ru", strings: {} }
  },

  addAttributes() {
    return {
      photo: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-photo"),
        renderHTML: (attributes) => ({ "data-photo": attributes.photo }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-photo]" }]
  },

  renderHTML({ HTMLAttributes }) {
    // No content hole: the stored form is exactly <figure data-photo="ID"></figure>.
    return ["figure", { "data-photo": HTMLAttributes["data-photo"] }]
  },

  addNodeView() {
    const options = this.options
    library.configure(options.url)
    return ({ node }) => {
      const dom = element("figure", "turan-figure-node")
      dom.contentEditable = "false"
      dom.dataset.photo = node.attrs.photo
      let id = node.attrs.photo
      const load = () => {
        const cached = library.cached(id)
        if (cached) {
          fillFigure(dom, cached, options, id)
          return
        }
        dom.replaceChildren(element("div", "turan-figure-node__label", options.strings.loading))
        library.get(id).then((photo) => {
          if (dom.dataset.photo === String(id)) fillFigure(dom, photo, options, id)
        })
      }
      load()
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "figurePlaceholder") return false
          if (updated.attrs.photo !== id) {
            id = updated.attrs.photo
            dom.dataset.photo = id
            load()
          }
          return true
        },
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    const options = this.options
    return {
      openFigurePicker:
        () =>
        ({ editor }) => {
          openPicker(editor, options)
          return true
        },
      // Place the photo between top-level blocks at the cursor (splitting a
      // paragraph if the cursor is inside one), then continue typing after it.
      insertFigure:
        (id) =>
        ({ tr, state, dispatch }) => {
          if (!dispatch) return true
          const node = state.schema.nodes[this.name].create({ photo: String(id) })
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
      name: "figurePlaceholder",
      groups: "nodes",
      priority: 49,
      command: (editor) => openPicker(editor, options),
      button: buttons.material("add_photo_alternate", options.strings.button),
      active: (editor) => editor.isActive("figurePlaceholder"),
    })
  },
})
