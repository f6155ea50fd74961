/*
 * The article form's lead photo preview (newsroom/admin_photo.py): when
 * another photo is picked from the library, added with "+" or edited with
 * the pencil (Django's dismissAddRelatedObjectPopup and
 * dismissChangeRelatedObjectPopup), its thumbnail, alt text and library
 * caption replace the preview.
 */
;(() => {
  "use strict"

  function start() {
    const select = document.getElementById("id_lead_photo")
    const box = document.querySelector(".field-lead_photo_preview [data-lead-photo-preview]")
    if (!select || !box) return
    // …/articles/article/<id>/change/ or …/add/ → …/articles/article/lead-photo/<pk>/
    const base = window.location.pathname.replace(/\/(\d+\/change|add)\/?$/, "/")

    // A popup's dismissal fires one change per option, and picks can follow
    // each other quickly: only the latest request's answer is drawn.
    let generation = 0
    async function redraw() {
      const mine = ++generation
      const pk = select.value
      let html = box.dataset.empty ?? ""
      if (pk) {
        const response = await fetch(`${base}lead-photo/${encodeURIComponent(pk)}/`, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" },
        })
        if (!response.ok || mine !== generation) return
        html = (await response.json()).html
        if (mine !== generation) return
      }
      const current = document.querySelector(".field-lead_photo_preview [data-lead-photo-preview]")
      const template = document.createElement("template")
      template.innerHTML = html.trim()
      if (template.content.firstElementChild) current.replaceWith(template.content.firstElementChild)
    }

    // select2 (the autocomplete) and the popups change the <select> and
    // report it through jQuery only: "change" on the select, or, after an
    // edit in the pencil's popup, on its options (it bubbles to the select).
    // Not "django:update-related" as well: it follows every one of those
    // changes, and would ask for each preview twice.
    select.addEventListener("change", redraw)
    const $ = window.django?.jQuery
    if ($) $(select).on("change", () => redraw())
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
