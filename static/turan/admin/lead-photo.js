/*
 * The article form's lead photo preview (newsroom/admin_photo.py): when
 * another photo is picked from the library (or added with "+"), its
 * thumbnail, alt text and library caption replace the preview.
 */
;(() => {
  "use strict"

  function start() {
    const select = document.getElementById("id_lead_photo")
    const box = document.querySelector(".field-lead_photo_preview [data-lead-photo-preview]")
    if (!select || !box) return
    // …/articles/article/<id>/change/ or …/add/ → …/articles/article/lead-photo/<pk>/
    const base = window.location.pathname.replace(/\/(\d+\/change|add)\/?$/, "/")

    async function redraw() {
      const pk = select.value
      let html = box.dataset.empty ?? ""
      if (pk) {
        const response = await fetch(`${base}lead-photo/${encodeURIComponent(pk)}/`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        if (!response.ok) return
        html = (await response.json()).html
      }
      const current = document.querySelector(".field-lead_photo_preview [data-lead-photo-preview]")
      const template = document.createElement("template")
      template.innerHTML = html.trim()
      if (template.content.firstElementChild) current.replaceWith(template.content.firstElementChild)
    }

    // select2 (the autocomplete) and the "+" popup both change the <select>;
    // select2 reports through jQuery only.
    select.addEventListener("change", redraw)
    if (window.django?.jQuery) window.django.jQuery(select).on("change", redraw)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
