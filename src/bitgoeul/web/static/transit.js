// Suggestions from the stop search API as one types (Korean or English); the datalist works without it.
(() => {
  const list = document.getElementById("transit-places");
  if (!list) return;
  let timer = null;
  document.querySelectorAll("input[data-stop-search]").forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        const r = await fetch(`/api/v1/transit/stops?per_page=20&lang=${document.documentElement.lang}&q=${encodeURIComponent(q)}`);
        if (!r.ok) return;
        const data = await r.json();
        const items = data.items.length ? data.items : data.suggestions;
        for (const s of items) {
          if ([...list.options].some((o) => o.value === s.name)) continue;
          const o = document.createElement("option");
          o.value = s.name;
          o.textContent = s.name === s.name_ko ? s.name_en : s.name_ko;
          list.appendChild(o);
        }
      }, 200);
    });
  });
})();
