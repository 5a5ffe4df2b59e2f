// The HTML report's filters. Their state is the URL fragment (`#verdict=wrong_code&tag=limits`):
// opening a link with a fragment shows the same view, and changing a filter rewrites the
// fragment. Each case's rows are one `tbody.case`, whose data attributes the filters match;
// a filtered-out case is `hidden`, and the table's `data-shown-count` counts the rest.
(() => {
  "use strict";
  const KEYS = ["verdict", "category", "gate", "tag"];
  const form = document.getElementById("filters");
  const table = document.getElementById("cases");
  const count = document.getElementById("shown-count");
  const cases = Array.from(table.querySelectorAll("tbody.case"));

  // The filters the fragment asks for: key to value, an absent key matching everything.
  const wanted = () => {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const state = new Map();
    for (const key of KEYS) {
      const value = params.get(key);
      if (value !== null && value !== "") state.set(key, value);
    }
    return state;
  };

  // Whether one case's rows pass every filter of `state`.
  const matches = (body, state) =>
    Array.from(state).every(([key, value]) =>
      key === "tag"
        ? body.dataset.tags.split("\n").includes(value)
        : body.dataset[key] === value);

  // Shows the view the fragment names: the rows, the selects and the count.
  const apply = () => {
    const state = wanted();
    let shown = 0;
    for (const body of cases) {
      body.hidden = !matches(body, state);
      if (!body.hidden) shown += 1;
    }
    for (const key of KEYS) {
      const select = form.elements[key];
      const value = state.get(key) || "";
      if (!Array.from(select.options).some((option) => option.value === value)) {
        select.add(new Option(value, value));
      }
      select.value = value;
    }
    count.textContent = String(shown);
    table.dataset.shownCount = String(shown);
  };

  // A changed filter becomes the fragment, without a new history entry per change.
  form.addEventListener("change", () => {
    const params = new URLSearchParams();
    for (const key of KEYS) {
      const value = form.elements[key].value;
      if (value !== "") params.set(key, value);
    }
    location.replace("#" + params.toString());
    apply();
  });
  window.addEventListener("hashchange", apply);
  form.hidden = false;
  apply();
})();
