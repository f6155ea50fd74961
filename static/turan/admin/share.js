/* The reviewer's preview link: selected whole when it gets focus, and copied
 * with one click on "Copy link" (the status line says whether it worked). */
"use strict"
{
  const field = document.getElementById("turan-share-url")
  const button = document.querySelector(".turan-share__copy")
  const status = document.querySelector(".turan-share__status")
  if (field) {
    field.addEventListener("focus", () => field.select())
  }
  if (field && button && status) {
    const say = (text) => {
      status.textContent = text
    }
    button.addEventListener("click", async () => {
      field.focus()
      field.select()
      try {
        await navigator.clipboard.writeText(field.value)
        say(button.dataset.copied)
      } catch {
        say(button.dataset.failed)
      }
    })
  }
}
