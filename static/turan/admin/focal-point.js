/*
 * The photo form's focal point: click (or use the arrow keys on) the image
 * where its subject is, and the fields "focal point, across/down" get that
 * point as fractions of the width and height (0–1). Every crop the library
 * makes (16:9, 4:3, 1:1) keeps the point in view. A newly chosen file is
 * shown at once (as a data: URL: the admin's CSP allows no blob:), so the
 * point can be set before the first save.
 */
;(() => {
  "use strict"

  const STEP = 0.05
  const round = (value) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000

  function setUp(box) {
    const image = box.querySelector("[data-focal-image]")
    const marker = box.querySelector(".focal-point-marker")
    const across = document.getElementById("id_focal_x")
    const down = document.getElementById("id_focal_y")
    const upload = document.getElementById("id_image")
    if (!image || !across || !down) return

    image.tabIndex = 0
    const current = () => [Number.parseFloat(across.value) || 0.5, Number.parseFloat(down.value) || 0.5]

    function show() {
      const [x, y] = current()
      marker.style.left = `${x * 100}%`
      marker.style.top = `${y * 100}%`
      marker.hidden = image.hidden
    }

    function set(x, y) {
      across.value = round(x)
      down.value = round(y)
      for (const input of [across, down]) input.dispatchEvent(new Event("change", { bubbles: true }))
      show()
    }

    image.addEventListener("click", (event) => {
      const rect = image.getBoundingClientRect()
      set((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height)
    })
    image.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] }
      const move = moves[event.key]
      if (!move) return
      event.preventDefault()
      const [x, y] = current()
      set(x + move[0], y + move[1])
    })
    for (const input of [across, down]) input.addEventListener("input", show)

    upload?.addEventListener("change", () => {
      const file = upload.files?.[0]
      if (!file || !file.type.startsWith("image/")) return
      const reader = new FileReader()
      reader.addEventListener("load", () => {
        image.src = reader.result
        image.hidden = false
        set(0.5, 0.5) // a new image: its old point means nothing
      })
      reader.readAsDataURL(file)
    })
    show()
  }

  function start() {
    for (const box of document.querySelectorAll("[data-focal-point]")) setUp(box)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
