// Horizontal bar charts as SVG, drawn from the same rows as the table shown
// under each chart: the value is written beside each bar, so the chart is
// read without relying on colour, and the table serves screen readers.
const SVG = 'http://www.w3.org/2000/svg';

function node(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// rows: [{label, value}]; title: what the chart shows, for its accessible name.
export function barChart(rows, title) {
  const barHeight = 22;
  const gap = 6;
  const labelWidth = 170;
  const width = 560;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * (barHeight + gap) + gap;
  const svg = node('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': title });
  svg.append(node('title', {}, title));
  rows.forEach((row, i) => {
    const y = gap + i * (barHeight + gap);
    const barWidth = Math.max(2, ((width - labelWidth - 60) * row.value) / max);
    svg.append(node('text', { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end' },
      row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label));
    svg.append(node('rect', { class: 'bar', x: labelWidth, y, width: barWidth, height: barHeight }));
    svg.append(node('text', { x: labelWidth + barWidth + 6, y: y + 15 }, String(row.value)));
  });
  return svg;
}
