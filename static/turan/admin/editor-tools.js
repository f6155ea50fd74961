/*
 * The body editor's own tools, one per language's editor (loaded by
 * django-prose-editor's configurable preset, see newsroom.forms.BodyEditorWidget):
 *
 * - pasted HTML (Word, LibreOffice, Google Docs) is brought to the body's
 *   vocabulary before the editor reads it: headings to h2/h3 (h1 → h2,
 *   h4–h6 → h3), a first table row in bold to a header row, images left out
 *   with a notice saying so (an image pasted is a file nobody has checked,
 *   credited or described: the article body's photos come from the media
 *   library, and the notice's button opens its picker, figure-placeholder.js);
 * - word and character counts under the title, the search description (with
 *   the length search engines show) and the body of this language;
 * - the toolbar's tooltips in the admin's language, and the toolbar kept
 *   below the sticky language tabs.
 *
 * Strings come from the admin's JavaScript catalogue (admin:jsi18n, which
 * reads locale/<code>/LC_MESSAGES/djangojs.po too); django-prose-editor's
 * dialogs use the same window.gettext.
 */
import { Extension, pm } from "django-prose-editor/editor"

const gettext = window.gettext || ((text) => text)
const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many))
const interpolate =
  window.interpolate || ((format, values) => format.replace(/%s/g, () => values.shift()))

// The description length search engines show before cutting (Google, Yandex: ~160).
export const DESCRIPTION_HINT = 160

// Marks a string for the catalogue (makemessages reads gettext_noop) and returns it.
const gettext_noop = (text) => text

// django-prose-editor 0.28 writes its toolbar titles, dropdown labels and
// select choices in English: each is looked up in the catalogue.
const TOOLBAR_TEXTS = new Set([
  gettext_noop("bold"),
  gettext_noop("italic"),
  gettext_noop("unordered list"),
  gettext_noop("ordered list"),
  gettext_noop("blockquote"),
  gettext_noop("horizontal rule"),
  gettext_noop("insert link"),
  gettext_noop("remove link"),
  gettext_noop("undo"),
  gettext_noop("redo"),
  gettext_noop("paragraph"),
  gettext_noop("Paragraph"),
  gettext_noop("heading 2"),
  gettext_noop("heading 3"),
  gettext_noop("Heading 2"),
  gettext_noop("Heading 3"),
  gettext_noop("Insert table"),
  gettext_noop("Add column"),
  gettext_noop("Add row"),
  gettext_noop("Delete column"),
  gettext_noop("Delete row"),
  gettext_noop("Delete table"),
  gettext_noop("Toggle header cell"),
  gettext_noop("Merge cells"),
  gettext_noop("Split cell"),
  gettext_noop("List properties"),
  gettext_noop("Toggle fullscreen"),
  gettext_noop("Yes"),
  gettext_noop("No"),
])
// Its dialogs translate themselves through window.gettext; listed here so
// that `make messages` keeps their entries (the package is not scanned).
export const DIALOG_TEXTS = [
  gettext_noop("Add caption"),
  gettext_noop("Alternative Text"),
  gettext_noop("Browse..."),
  gettext_noop("Bullets"),
  gettext_noop("Cancel"),
  gettext_noop("Caption"),
  gettext_noop("Columns"),
  gettext_noop("Decimal numbers"),
  gettext_noop("Edit Figure"),
  gettext_noop("Edit HTML"),
  gettext_noop("Edit Image"),
  gettext_noop("Edit Link"),
  gettext_noop("Image URL"),
  gettext_noop("Include header row"),
  gettext_noop("Insert Figure"),
  gettext_noop("Insert Table"),
  gettext_noop("Insert"),
  gettext_noop("List type"),
  gettext_noop("Lowercase Roman numerals"),
  gettext_noop("Lowercase letters"),
  gettext_noop("Open in new window"),
  gettext_noop("Prettify"),
  gettext_noop("Remove caption"),
  gettext_noop("Rows"),
  gettext_noop("Start at"),
  gettext_noop("Table Properties"),
  gettext_noop("The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema."),
  gettext_noop("Title"),
  gettext_noop("URL"),
  gettext_noop("Update"),
  gettext_noop("Uppercase Roman numerals"),
  gettext_noop("Uppercase letters"),
]

function translateToolbar(root) {
  for (const el of root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]")) {
    for (const attribute of ["title", "aria-label"]) {
      const text = el.getAttribute(attribute)
      // Only a change: setting an attribute again would wake the observer again.
      if (TOOLBAR_TEXTS.has(text) && gettext(text) !== text) {
        el.setAttribute(attribute, gettext(text))
      }
    }
  }
  for (const el of root.querySelectorAll(".prose-menubar p, .prose-menubar h2, .prose-menubar h3")) {
    const text = el.textContent
    if (TOOLBAR_TEXTS.has(text) && gettext(text) !== text) el.textContent = gettext(text)
  }
}

// django-prose-editor's dialogs are added beside the editor when opened:
// their labels come through gettext, the choices of a select do not. A new
// table has a header row unless the journalist says otherwise (the package's
// default is none).
function prepareDialogs(root) {
  for (const dialog of root.querySelectorAll("dialog.prose-editor-dialog:not([data-turan])")) {
    dialog.dataset.turan = "ready"
    for (const option of dialog.querySelectorAll("option")) {
      if (!option.hasAttribute("value")) option.value = option.textContent
      option.textContent = gettext(option.textContent)
    }
    const header = dialog.querySelector("select[name=withHeaderRow]")
    if (header) header.value = "Yes"
  }
}

// --- Paste -----------------------------------------------------------------

function rename(el, tag) {
  const renamed = el.ownerDocument.createElement(tag)
  renamed.append(...el.childNodes)
  el.replaceWith(renamed)
  return renamed
}

// A parsed (inert) document computes no styles, so the attribute is read as text.
function fontWeight(el) {
  const declarations = [...(el.getAttribute("style") || "").matchAll(/font-weight\s*:\s*([^;]+)/gi)]
  return declarations.length ? declarations.at(-1)[1].trim().toLowerCase() : ""
}

function unwrap(el) {
  el.replaceWith(...el.childNodes)
}

function isBold(el) {
  const tag = el.tagName
  const weight = fontWeight(el)
  if (weight === "normal" || weight === "400") return false // Google Docs' <b> wrapper
  return tag === "B" || tag === "STRONG" || weight === "bold" || Number(weight) >= 600
}

// A cell whose every letter is bold (Word's <b>, Google Docs' font-weight:700).
function allBold(cell) {
  const walker = cell.ownerDocument.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
  let seen = false
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue
    seen = true
    let bold = false
    for (let el = node.parentElement; el && el !== cell.parentElement; el = el.parentElement) {
      if (isBold(el)) {
        bold = true
        break
      }
    }
    if (!bold) return false
  }
  return seen
}

// Word, LibreOffice and Google Docs write a header row as bold cells.
function headerRows(doc) {
  for (const table of doc.querySelectorAll("table")) {
    const first = table.querySelector("tr")
    if (!first || first.querySelector("th")) continue
    const cells = [...first.children].filter((el) => el.tagName === "TD")
    if (cells.length > 1 && cells.every(allBold)) {
      for (const cell of cells) {
        const th = rename(cell, "th")
        for (const name of ["colspan", "rowspan"]) {
          if (cell.hasAttribute(name)) th.setAttribute(name, cell.getAttribute(name))
        }
        // A header cell is bold already: its bold marks would only repeat it.
        for (const el of [...th.querySelectorAll("*")].filter(isBold)) unwrap(el)
      }
    }
  }
}

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  // Google Docs wraps everything in <b style="font-weight:normal">: not bold.
  for (const el of doc.body.querySelectorAll("b, strong")) {
    if (["normal", "400"].includes(fontWeight(el))) unwrap(el)
  }
  for (const el of doc.body.querySelectorAll("h1")) rename(el, "h2")
  for (const el of doc.body.querySelectorAll("h4, h5, h6")) rename(el, "h3")
  headerRows(doc)
  const images = doc.body.querySelectorAll("img")
  for (const img of images) {
    const paragraph = img.closest("p")
    img.remove()
    // Word and Google Docs put an image in a paragraph of its own: it goes too.
    if (paragraph && !paragraph.textContent.trim() && !paragraph.querySelector("br, a")) {
      paragraph.remove()
    }
  }
  return { html: doc.body.innerHTML, images: images.length }
}

function showNotice(editor, count) {
  const box = editor.options.element.closest(".prose-editor") || editor.options.element
  let notice = box.parentElement.querySelector(":scope > .turan-editor-notice")
  if (!notice) {
    notice = document.createElement("div")
    notice.className = "turan-editor-notice"
    notice.setAttribute("role", "status")
    box.before(notice)
  }
  // The article body places photos from the media library; a site page takes none.
  const picker = Boolean(editor.commands.openFigurePicker)
  const text = document.createElement("span")
  text.textContent = interpolate(
    picker
      ? ngettext(
          "%s image in the pasted text was left out: insert it from the media library, with its caption, credit and alt text.",
          "%s images in the pasted text were left out: insert them from the media library, with their caption, credit and alt text.",
          count,
        )
      : ngettext(
          "%s image in the pasted text was left out: this text takes no images.",
          "%s images in the pasted text were left out: this text takes no images.",
          count,
        ),
    [count],
  )
  const close = document.createElement("button")
  close.type = "button"
  close.className = "button"
  close.textContent = gettext("OK")
  close.addEventListener("click", () => notice.remove())
  const buttons = [close]
  if (picker) {
    const open = document.createElement("button")
    open.type = "button"
    open.className = "button turan-editor-notice__library"
    open.textContent = gettext("Insert from the media library")
    open.addEventListener("click", () => {
      notice.remove()
      editor.commands.openFigurePicker()
    })
    buttons.unshift(open, " ")
  }
  notice.replaceChildren(text, " ", ...buttons)
}

// --- Counts ----------------------------------------------------------------

export function countText(text) {
  const normal = text.replace(/\s+/g, " ").trim()
  const words = normal ? normal.split(" ").filter((word) => /[\p{L}\p{N}]/u.test(word)).length : 0
  return { words, characters: normal.length }
}

function describe({ words, characters }) {
  return [
    interpolate(ngettext("%s word", "%s words", words), [words]),
    interpolate(ngettext("%s character", "%s characters", characters), [characters]),
  ].join(" · ")
}

function counter(field, id) {
  let el = document.getElementById(id)
  if (!el) {
    el = document.createElement("div")
    el.id = id
    // Placed like the field's help text, below the label and the input.
    el.className = "help turan-count"
    const described = field.getAttribute("aria-describedby")
    field.setAttribute("aria-describedby", described ? `${described} ${id}` : id)
  }
  return el
}

function countField(field, hint) {
  if (!field) return
  const el = counter(field, `turan-count-${field.id}`)
  ;(field.closest(".flex-container") || field).after(el)
  const update = () => {
    const counts = countText(field.value)
    let text = describe(counts)
    if (hint) {
      const over = counts.characters > hint
      el.classList.toggle("is-over", over)
      text += ` · ${interpolate(
        over
          ? gettext("longer than search engines show (about %s characters)")
          : gettext("search engines show about %s characters"),
        [hint],
      )}`
    }
    el.textContent = text
  }
  field.addEventListener("input", update)
  update()
}

function bodyText(editor) {
  const { doc } = editor.state
  return doc.textBetween(0, doc.content.size, " ", " ")
}

// --- The extension ---------------------------------------------------------

function followLanguageBar() {
  const bar = document.querySelector(".turan-langbar")
  if (!bar || followLanguageBar.done) return
  followLanguageBar.done = true
  const set = () =>
    document.documentElement.style.setProperty("--turan-langbar-height", `${bar.offsetHeight}px`)
  new ResizeObserver(set).observe(bar)
  set()
}

export const EditorTools = Extension.create({
  name: "editorTools",

  addOptions() {
    return { language: "" }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const language = this.options.language
    return [
      new pm.state.Plugin({
        props: {
          // The editable area is in this version's language, spell-checked in
          // it (the widget leaves django-prose-editor's NoSpellCheck out).
          attributes: language ? { lang: language, spellcheck: "true" } : {},
          transformPastedHTML(html) {
            const cleaned = cleanPastedHTML(html)
            if (cleaned.images) showNotice(editor, cleaned.images)
            return cleaned.html
          },
        },
      }),
    ]
  },

  onCreate() {
    const editor = this.editor
    const language = this.options.language
    followLanguageBar()
    countField(document.getElementById(`id_title_${language}`))
    countField(document.getElementById(`id_search_description_${language}`), DESCRIPTION_HINT)

    const box = editor.options.element.closest(".prose-editor") || editor.options.element
    const field = box.parentElement.querySelector("textarea") || box
    const el = counter(field, `turan-count-body_${language}`)
    el.classList.add("turan-count--body")
    ;(box.closest(".flex-container") || box).after(el)
    const update = () => {
      el.textContent = describe(countText(bodyText(editor)))
    }
    editor.on("update", update)
    update()

    // The toolbar is built beside the editor and redrawn as the selection
    // moves (table buttons appear), dialogs open beside it: translate
    // whatever they show.
    translateToolbar(box)
    new MutationObserver(() => {
      translateToolbar(box)
      prepareDialogs(box)
    }).observe(box, {
      childList: true,
      subtree: true,
      attributeFilter: ["title"],
    })
  },
})
