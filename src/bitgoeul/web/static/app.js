// Small progressive enhancements; every page works without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // Phones: the navigation folds behind the menu button (CSS hides it under 600 px only when scripts run).
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Filter selects submit their form on change, so lists update without an extra click.
  document.querySelectorAll("form.filters select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // Buttons that move a demonstration to a final stage ask once more.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
});
