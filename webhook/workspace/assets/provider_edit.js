// The directory's edit form and file import (#annuaire). The server checks
// every change as `levier kb check` loads the file; its refusals (English,
// naming the field or the line) are shown here in French beside the field.

// Why the directory refuses a field, in French, by the field the server names.
const FIELD_RULES = {
  id: 'L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets (par exemple « velo-solidaire »).',
  name: 'Indiquez le nom de la structure.',
  summary: 'Le résumé en français est obligatoire : quelques mots simples sur ce que fait la structure.',
  barriers: 'Cochez au moins un frein.',
  communes: 'Une commune est vide ou répétée.',
  neighbourhoods: 'Un quartier est inconnu ou répété.',
  languages: 'Codes de langue séparés par des virgules, par exemple « fr, ar ».',
  address: 'L’adresse est trop longue ou contient un caractère invalide.',
  postcode: 'Le code postal a 5 chiffres.',
  phone: 'Le téléphone ne contient que des chiffres, des espaces, « + » ou « . » (les explications vont dans le résumé).',
  website: 'Le site commence par https:// ou http://.',
  email: 'L’adresse e-mail doit contenir un @.',
  hours: 'Horaires au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00 ; Sa 09:00-12:00 ».',
  source: 'Indiquez d’où viennent ces informations (adresse d’une page).',
  confidence: 'Choisissez la confiance dans la liste.',
  verified: 'Une structure vérifiée doit avoir une adresse, un téléphone ou un site, et une confiance haute ou moyenne.',
};

// The words of each field, for the form and for what an import changes.
export const FIELD_WORDS = {
  id: 'identifiant', name: 'nom', summary: 'résumé', barriers: 'freins', communes: 'communes',
  neighbourhoods: 'quartiers', languages: 'langues parlées', eligibility: 'conditions',
  address: 'adresse', postcode: 'code postal', address_commune: 'commune de l’adresse',
  phone: 'téléphone', website: 'site', email: 'e-mail', hours: 'horaires', description: 'description',
  source: 'source', source_date: 'date de la source', confidence: 'confiance', verified: 'vérifiée',
  last_verified: 'date de vérification', verified_by: 'vérifiée par', retired: 'retirée', notes: 'notes',
};

// Which field a refusal is about: `... (id "x"): "phone" "abc" must ...`,
// `... missing "summary.fr"`, `... unknown barrier code "x"`, `... entry 5: id "A b" must ...`.
export function fieldOfRefusal(detail) {
  const at = detail.indexOf('): ');
  // Before the entry's id is read, the prefix is "file: entry 5: ".
  const rest = at >= 0 ? detail.slice(at + 3) : detail.slice(detail.lastIndexOf(': ') + 2);
  const quoted = rest.match(/^(?:missing |unknown field )?"([a-z_]+)(?:\.[a-z-]+)?"/);
  if (quoted) return quoted[1];  // "summary.fr" is the field "summary"
  if (/barrier code/.test(rest)) return 'barriers';
  if (/^id "/.test(rest)) return 'id';
  if (/language tag/.test(rest)) return 'languages';
  if (/neighbourhood/.test(rest)) return 'neighbourhoods';
  if (/without any contact|confidence "basse"/.test(rest)) return 'verified';
  return '';
}

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

// ui: { el, call, page, say, field }; data: the providers' answer;
// p: the provider, or null to add one; back(message): the list again.
export function showProviderForm(ui, data, p, back) {
  const { el, call, page, say } = ui;
  const adding = p === null;
  const entry = p || { summary: {}, barriers: [], communes: [], neighbourhoods: [], languages: [], confidence: 'moyenne' };
  const inputs = {};
  const problems = {};
  const wrap = (name, label, input, hint) => {
    inputs[name] = input;
    problems[name] = el('p', { class: 'error', id: `${input.id}-problem`, hidden: true });
    const box = ui.field(label, input, hint);
    box.append(problems[name]);
    return box;
  };
  const text = (name, label, hint, attrs = {}) => wrap(name, label,
    el('input', { id: `p-${name}`, value: entry[name] || '', ...attrs }), hint);
  const checkboxes = (name, legend, options, chosen) => {
    const boxes = options.map(([value, words]) => {
      const box = el('input', { type: 'checkbox', id: `p-${name}-${value}`, value, checked: chosen.includes(value) });
      return el('div', { class: 'check' }, box, el('label', { for: box.id, text: words }));
    });
    const set = el('fieldset', { id: `p-${name}`, class: 'texts' }, el('legend', { text: legend }), ...boxes);
    inputs[name] = set;
    problems[name] = el('p', { class: 'error', id: `p-${name}-problem`, hidden: true });
    set.append(problems[name]);
    return set;
  };
  const languages = data.languages.length ? data.languages : [{ code: 'fr', name: 'français', direction: 'ltr' }];
  const summaries = languages.map((l) => {
    const area = el('textarea', { id: `p-summary-${l.code}`, rows: 2, dir: l.direction, lang: l.code, text: entry.summary[l.code] || '' });
    return ui.field(`Ce que fait la structure, en mots simples (${l.name})${l.code === 'fr' ? ' : obligatoire' : ''}`, area);
  });
  problems.summary = el('p', { class: 'error', id: 'p-summary-problem', hidden: true });
  inputs.summary = summaries[0].querySelector('textarea');
  const confidence = el('select', { id: 'p-confidence' }, ...[['haute', 'haute (site officiel, appel)'], ['moyenne', 'moyenne (presse, annuaire)'], ['basse', 'basse (à confirmer)']]
    .map(([v, w]) => el('option', { value: v, text: w, selected: entry.confidence === v })));
  const notes = el('textarea', { id: 'p-notes', rows: 3, text: entry.notes || '' });
  const alert = el('div', { role: 'alert' });
  const form = el('form', { novalidate: true }, alert,
    adding ? text('id', 'Identifiant', 'Lettres minuscules sans accent, chiffres et tirets. Il ne change plus ensuite.', { required: true }) : null,
    text('name', 'Nom de la structure', null, { required: true }),
    el('fieldset', { class: 'texts' }, el('legend', { text: 'Résumé montré aux habitants' }), ...summaries, problems.summary),
    checkboxes('barriers', 'Freins pour lesquels elle aide', Object.entries(data.barrier_labels), entry.barriers),
    text('communes', 'Communes', 'Séparées par des virgules. Vide : toute la métropole.', { value: entry.communes.join(', ') }),
    checkboxes('neighbourhoods', 'Quartiers prioritaires où elle intervient (facultatif)', data.neighbourhoods.map((n) => [n.id, `${n.name} (${n.commune})`]), entry.neighbourhoods),
    text('phone', 'Téléphone', null, { type: 'tel' }), text('address', 'Adresse'),
    text('postcode', 'Code postal', null, { inputmode: 'numeric', maxlength: 5 }),
    text('address_commune', 'Commune de l’adresse'),
    text('website', 'Site', null, { type: 'url' }), text('email', 'E-mail', null, { type: 'email' }),
    text('hours', 'Horaires', 'Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00 ». Vide si inconnus.'),
    text('languages', 'Langues parlées à l’accueil', 'Codes séparés par des virgules, par exemple « fr, ar ».', { value: entry.languages.join(', ') }),
    text('source', 'Source des informations', 'L’adresse de la page, ou « appel du 5 décembre 2026 ».', { required: true }),
    text('source_date', 'Date de la source'),
    wrap('confidence', 'Confiance dans la source', confidence),
    wrap('notes', 'Notes pour les coordinateurs (jamais montrées aux habitants)', notes),
    el('button', { type: 'submit', text: adding ? 'Ajouter la structure' : 'Enregistrer' }), ' ',
    el('button', { type: 'button', class: 'secondary', id: 'p-cancel', text: 'Annuler' }));
  form.querySelector('#p-cancel').addEventListener('click', () => back(''));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [name, box] of Object.entries(problems)) {
      box.hidden = true;
      if (inputs[name]) inputs[name].removeAttribute('aria-invalid');
    }
    alert.replaceChildren();
    const value = (name) => inputs[name].value.trim();
    const checked = (name) => [...inputs[name].querySelectorAll('input:checked')].map((b) => b.value);
    const summary = {};
    for (const l of languages) {
      const words = form.querySelector(`#p-summary-${l.code}`).value.trim();
      if (words) summary[l.code] = words;
    }
    const provider = {
      id: adding ? value('id') : entry.id, name: value('name'), summary, barriers: checked('barriers'),
      communes: list(value('communes')), neighbourhoods: checked('neighbourhoods'), languages: list(value('languages')),
      phone: value('phone'), address: value('address'), postcode: value('postcode'), address_commune: value('address_commune'),
      website: value('website'), email: value('email'), hours: value('hours'), source: value('source'),
      source_date: value('source_date'), confidence: confidence.value, notes: notes.value.trim(),
    };
    const answer = await call('POST', 'api/providers/save', { version: data.version, provider, new: adding });
    if (answer.status === 200) return back(`« ${provider.name} » est enregistrée${adding ? ' (non vérifiée : marquez-la vérifiée quand vous aurez confirmé ses informations)' : ''}.`);
    const { code, detail = '', field: badField } = answer.data;
    if (code === 'directory_changed') return back('Quelqu’un d’autre a modifié l’annuaire entre-temps : rien n’a été enregistré. Refaites la modification.');
    let name = code === 'provider_refused' ? fieldOfRefusal(detail) : code === 'provider_exists' ? 'id' : badField;
    if (!problems[name]) name = '';
    const words = code === 'provider_exists' ? 'Une structure a déjà cet identifiant : choisissez-en un autre.'
      : FIELD_RULES[name] || (code === 'provider_refused' ? `L’annuaire refuse cette fiche : ${detail}` : ui.problem(answer.status, answer.data));
    alert.append(el('p', { class: 'error', text: `Rien n’a été enregistré. ${name ? `${FIELD_WORDS[name] || name} : ` : ''}${words}` }));
    if (name) {
      problems[name].textContent = words;
      problems[name].hidden = false;
      if (inputs[name].tagName !== 'FIELDSET') inputs[name].setAttribute('aria-invalid', 'true');
      const described = (inputs[name].getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (!described.includes(problems[name].id)) inputs[name].setAttribute('aria-describedby', [...described, problems[name].id].join(' '));
      (inputs[name].querySelector ? inputs[name].querySelector('input') || inputs[name] : inputs[name]).focus();
    }
    say('');
  });
  page(adding ? 'Ajouter une structure' : `Modifier « ${entry.name} »`,
    el('p', { class: 'hint', text: adding ? 'La structure sera ajoutée non vérifiée : elle ne sera proposée aux habitants qu’après « Marquer vérifiée ».'
      : 'La fiche garde sa vérification. Si vous avez changé un contact, confirmez-le puis cliquez « Reconfirmer » dans l’annuaire.' }),
    form);
}
