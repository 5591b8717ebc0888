/** The report's own style: plain, printable, readable without the charts. */
export const REPORT_STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 8px}h2{margin-top:32px}h5{font-size:15px}h2 small,h3 small,h4 small,h5 small{color:#57606a;font-weight:normal}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#57606a}.drift{color:#b42318;font-weight:600}.ok{color:#1a7f37}.skip{color:#57606a}
.verdict{font-size:16px;padding:8px 12px;border-radius:6px;background:#f6f8fa}
section{border-top:1px solid #d0d7de;margin-top:16px}section.drifted h3,section.drifted h5{color:#b42318}
article{border-top:3px solid #1b1f24;margin-top:40px}table.figures{width:auto}table.figures th{font-weight:normal;color:#57606a;padding-right:24px}
.key{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 4px 0 12px}
.key.ref{background:#4c78a8}.key.cur{background:#f58518}
`;

/**
 * Draws each column's distributions as paired bars. Kept as plain ES5-level script text: it runs
 * in whatever browser opens the file, with uPlot's global build loaded before it.
 */
export const REPORT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var bars = uPlot.paths.bars;
  document.querySelectorAll('.chart').forEach(function (el) {
    var d = data[Number(el.getAttribute('data-index'))];
    if (!d) return;
    var xs = d.labels.map(function (_, i) { return i; });
    var width = Math.min(1000, Math.max(320, el.parentElement.clientWidth || 800));
    new uPlot({
      width: width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, xs.length - 0.5] }, y: { range: [0, null] } },
      axes: [
        { values: function (u, splits) { return splits.map(function (s) { return d.labels[s] === undefined ? '' : d.labels[s]; }); },
          rotate: d.labels.length > 8 ? -30 : 0, size: d.labels.length > 8 ? 90 : 40 },
        { values: function (u, splits) { return splits.map(function (s) { return Math.round(s * 1000) / 10 + '%'; }); } }
      ],
      series: [
        {},
        { label: 'reference', fill: '#4c78a8', stroke: '#4c78a8', paths: bars({ size: [0.4], align: -1 }), points: { show: false } },
        { label: 'current', fill: '#f58518', stroke: '#f58518', paths: bars({ size: [0.4], align: 1 }), points: { show: false } }
      ]
    }, [xs, d.reference, d.current], el);
  });
})();
`;
