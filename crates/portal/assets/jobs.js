// The administration page: while an ingest job runs, polls its status (the JSON API, same
// origin, the session cookie) every second and updates its row; reloads the page when it ends
// so the summary and the audit log show. Without scripts the page shows the state at load.
"use strict";

(function () {
  const rows = Array.from(document.querySelectorAll("tr[data-job][data-state='running']"));
  if (rows.length === 0) return;
  const labels = JSON.parse(document.querySelector("table.jobs").dataset.states || "{}");
  async function poll(row) {
    const id = row.dataset.job;
    try {
      const response = await fetch("/api/v1/ingest/jobs/" + encodeURIComponent(id), { credentials: "same-origin" });
      if (!response.ok) return;
      const job = await response.json();
      const pct = job.bytes_total > 0 ? Math.min(100, Math.round((job.bytes_done / job.bytes_total) * 100)) : 0;
      row.querySelector("progress").value = pct;
      row.querySelector("progress").textContent = pct + "%";
      row.querySelector(".job-pct").textContent = pct + "%";
      row.querySelector(".job-records").textContent = String(job.records);
      row.querySelector(".job-state").textContent = labels[job.state] || job.state;
      if (job.state !== "running") {
        window.location.reload();
        return;
      }
    } catch (e) {
      // A network hiccup: try again on the next tick.
    }
    window.setTimeout(() => poll(row), 1000);
  }
  rows.forEach((row) => window.setTimeout(() => poll(row), 1000));
})();
