// A deliberately small Markdown → HTML renderer for the sizing report (headings, paragraphs, pipe
// tables, bullet lists, **bold**, `code`). reports/ owns the run reports; this keeps calculators/
// self-contained and pure. Everything is HTML-escaped before inline markup is applied.

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inline(s: string): string {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function splitRow(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && body[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

export function markdownToHtml(md: string, title: string): string {
  const lines = md.split('\n');
  const html: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      const level = (h[1] as string).length;
      html.push(`<h${level}>${inline(h[2] as string)}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).startsWith('|')) rows.push(splitRow(lines[i++] as string));
      const [head, , ...body] = rows;
      html.push('<table>', `<thead><tr>${(head ?? []).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>`, '<tbody>');
      for (const r of body) html.push(`<tr>${r.map((c) => `<td class="${/^(PASS|WARN|FAIL|UNKNOWN)$/.test(c) ? c.toLowerCase() : ''}">${inline(c)}</td>`).join('')}</tr>`);
      html.push('</tbody></table>');
    } else if (line.startsWith('- ')) {
      html.push('<ul>');
      while (i < lines.length && (lines[i] as string).startsWith('- ')) html.push(`<li>${inline((lines[i++] as string).slice(2))}</li>`);
      html.push('</ul>');
    } else if (line.trim() === '') {
      i++;
    } else {
      const para: string[] = [];
      while (i < lines.length && (lines[i] as string).trim() !== '' && !/^(#|\||- )/.test(lines[i] as string)) para.push(lines[i++] as string);
      html.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  const style = 'body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}.pass{color:#176f2c}.warn{color:#9a6700}.fail{color:#b42318;font-weight:bold}.unknown{color:#666}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head><body>\n${html.join('\n')}\n</body></html>\n`;
}
