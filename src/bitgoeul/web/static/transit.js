// Places from the place search API as one types (cities, airports, stations, venues; Korean or English);
// the datalist works without it.
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
        const r = await fetch(`/api/v1/transit/places?limit=10&lang=${document.documentElement.lang}&q=${encodeURIComponent(q)}`);
        if (!r.ok) return;
        const data = await r.json();
        for (const s of data.items) {
          if ([...list.options].some((o) => o.value === s.text)) continue;
          const o = document.createElement("option");
          o.value = s.text;
          o.textContent = `${s.name === s.name_ko ? s.name_en : s.name_ko} (${s.kind_name})`;
          list.appendChild(o);
        }
      }, 200);
    });
  });
})();
