// Importing a file into the directory (#annuaire): a CSV as « Télécharger
// l’annuaire (CSV) » gives it, edited in a spreadsheet, or data·inclusion's
// two files. First what would change, then « Appliquer » applies exactly
// that, unless the directory changed meanwhile. Nothing is half-imported: a
// bad line refuses the whole file and names the line.
import { FIELD_WORDS, fieldOfRefusal } from './provider_edit.js';

const REFUSALS = {
  phone: 'le téléphone ne contient que des chiffres, des espaces, « + » ou « . »',
  website: 'le site commence par https:// ou http://',
  email: 'l’adresse e-mail doit contenir un @',
  postcode: 'le code postal a 5 chiffres',
  barriers: 'les freins sont à choisir parmi ceux de l’annuaire, séparés par des virgules',
  summary: 'le résumé en français est obligatoire',
  id: 'l’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets',
  hours: 'les horaires sont au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00 »',
  confidence: 'la confiance est « haute », « moyenne » ou « basse »',
};

// "annuaire.csv: line 4 (id "x"): "phone" ..." -> "Ligne 4 : le téléphone ...".
function refusalWords(detail) {
  const line = detail.match(/line (\d+)/);
  const record = detail.match(/(structures|services): (?:record|service|structure) (\d+)/);
  const where = line ? `Ligne ${line[1]} du fichier` : record ? `Fiche ${Number(record[2]) + 1} du fichier ${record[1]}` : 'Le fichier';
  const field = fieldOfRefusal(detail);
  const why = REFUSALS[field] || (field ? `${FIELD_WORDS[field] || field} n’est pas valide` : 'cette ligne n’est pas valide');
  return `${where} : ${why}. Rien n’a été importé. (Détail : ${detail})`;
}

// ui: { el, call, say, field }; data: the providers' answer; reload(message).
export function importSection(ui, data, reload) {
  const { el, call, say } = ui;
  const format = el('select', { id: 'import-format' },
    el('option', { value: 'csv', text: 'Tableur (CSV, comme « Télécharger l’annuaire »)' }),
    el('option', { value: 'data-inclusion', text: 'data·inclusion (deux fichiers : structures et services)' }));
  const csv = el('input', { id: 'import-csv', type: 'file', accept: '.csv,text/csv' });
  const structures = el('input', { id: 'import-structures', type: 'file', accept: '.json,application/json' });
  const services = el('input', { id: 'import-services', type: 'file', accept: '.json,application/json' });
  const csvField = ui.field('Fichier CSV', csv);
  const diFields = el('div', { hidden: true }, ui.field('Fichier des structures (JSON)', structures), ui.field('Fichier des services (JSON)', services));
  format.addEventListener('change', () => { csvField.hidden = format.value !== 'csv'; diFields.hidden = format.value === 'csv'; });
  const whole = el('input', { type: 'checkbox', id: 'import-whole' });
  const result = el('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = el('form', { novalidate: true, 'aria-labelledby': 'import-title' },
    ui.field('Format', format), csvField, diFields,
    el('div', { class: 'check' }, whole, el('label', { for: 'import-whole', text: 'Le fichier contient tout l’annuaire : retirer les structures qui n’y sont pas' })),
    el('button', { type: 'submit', text: 'Voir ce qui changera' }), result);

  const bodyOf = async () => {
    const body = { version: data.version, format: format.value, retire_missing: whole.checked };
    if (format.value === 'csv') {
      if (!csv.files[0]) return null;
      body.csv = await csv.files[0].text();
      body.file_name = csv.files[0].name;
    } else {
      if (!structures.files[0] || !services.files[0]) return null;
      body.structures = await structures.files[0].text();
      body.services = await services.files[0].text();
    }
    return body;
  };
  const names = (rows, withFields) => el('ul', {}, ...rows.map((r) => el('li', {
    text: withFields && r.fields ? `${r.name} : ${r.fields.map((f) => FIELD_WORDS[f] || f).join(', ')}` : r.name })));
  const show = (answer, body) => {
    const d = answer.data;
    if (answer.status !== 200) {
      const words = d.code === 'import_refused' ? refusalWords(d.detail || '')
        : d.code === 'provider_refused' ? `Rien n’a été importé : l’annuaire refuse le résultat (${d.detail}).`
          : d.code === 'directory_changed' ? 'Quelqu’un a modifié l’annuaire entre-temps : rechargez la page et recommencez.'
            : d.code === 'too_large' || answer.status === 413 ? 'Le fichier est trop gros (1 Mo au plus).' : ui.problem(answer.status, d);
      return result.replaceChildren(el('p', { class: 'error', role: 'alert', text: words }));
    }
    const parts = [el('h3', { text: 'Ce que l’import changera' })];
    const section = (title, rows, withFields) => {
      parts.push(el('h4', { text: `${title} (${rows.length})` }));
      if (rows.length) parts.push(names(rows, withFields));
    };
    section('Structures ajoutées, non vérifiées', d.added, false);
    section('Structures modifiées', d.changed, true);
    section('Structures retirées', d.retired, false);
    parts.push(el('p', { text: `Inchangées : ${d.unchanged}.` }));
    if (d.skipped.length) {
      parts.push(el('p', { text: `Services laissés de côté (aucun frein ne correspond) : ${d.skipped.length}.` }));
    }
    if (d.added.length + d.changed.length + d.retired.length === 0) {
      parts.push(el('p', { text: 'Le fichier ne change rien à l’annuaire.' }));
    } else {
      const apply = el('button', { type: 'button', text: 'Appliquer l’import' });
      apply.addEventListener('click', async () => {
        const applied = await call('POST', 'api/providers/import', { ...body, apply: true });
        if (applied.status === 200) {
          return reload(`Import appliqué : ${applied.data.added.length} ajoutée(s), ${applied.data.changed.length} modifiée(s), ${applied.data.retired.length} retirée(s).`);
        }
        show(applied, body);
      });
      parts.push(apply);
    }
    result.replaceChildren(...parts);
    say('Voici ce que l’import changera. Rien n’est encore appliqué.');
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = await bodyOf();
    if (!body) return result.replaceChildren(el('p', { class: 'error', role: 'alert', text: 'Choisissez d’abord le fichier à importer.' }));
    show(await call('POST', 'api/providers/import', body), body);
  });
  return [el('h2', { id: 'import-title', text: 'Importer un fichier' }),
    el('p', { class: 'hint', text: 'Les structures sont reconnues par leur identifiant. Rien n’est appliqué avant que vous ayez vu ce qui changera. Une structure n’est jamais supprimée : au plus retirée.' }),
    form];
}
