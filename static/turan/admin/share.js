/* Select the whole preview link when it gets focus, ready to copy. */
"use strict"
{
  const field = document.getElementById("turan-share-url")
  if (field) {
    field.addEventListener("focus", () => field.select())
  }
}
