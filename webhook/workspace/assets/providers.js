// The provider directory (#annuaire), for coordinators and admins: every
// structure with filters (barrier, commune, neighbourhood, state), "verified"
// (the server stamps the day and the account) and "retired" (kept for the
// referrals that cite it, never shown again). Each change names the
// directory version the page read: when someone changed it meanwhile, the
// server refuses and the page reloads. The edit form and the import are in
// provider_edit.js and provider_import.js.
import { showProviderForm } from './provider_edit.js';
import { importSection } from './provider_import.js';

const PROVIDER_MESSAGES = {
  directory_changed: 'Quelqu’un d’autre a modifié l’annuaire entre-temps. La page a été rechargée : refaites votre action.',
  provider_refused: 'L’annuaire refuse ce changement.',
  no_such_provider: 'Cette structure n’existe plus dans l’annuaire.',
  editors_only: 'Seuls les coordinateurs et les administrateurs modifient l’annuaire.',
};
// Why the directory refuses a change, in French (the server's detail is English).
function refusalDetail(detail) {
  if (/without any contact/.test(detail)) return 'Une structure vérifiée doit avoir au moins une adresse, un téléphone ou un site : ajoutez-en un dans la fiche d’abord.';
  if (/confidence "basse"/.test(detail)) return 'La source de cette fiche est jugée peu fiable (confiance basse) : confirmez les informations et changez la confiance d’abord.';
  return detail;
}

const STATES = {
  all: 'Toutes', shown: 'Montrées aux habitants', unverified: 'Non vérifiées',
  stale: 'À reconfirmer', retired: 'Retirées',
};

function stateOf(p, staleIds) {
  if (p.retired) return 'retired';
  if (!p.verified) return 'unverified';
  return staleIds.has(p.id) ? 'stale' : 'shown';
}

function stateWords(p, state) {
  if (state === 'retired') return `Retirée le ${p.retired}`;
  if (state === 'unverified') return 'Non vérifiée (jamais montrée)';
  const when = p.last_verified ? `vérifiée le ${p.last_verified}${p.verified_by ? ` par ${p.verified_by}` : ''}` : 'jamais confirmée';
  return state === 'stale' ? `À reconfirmer (${when})` : `Montrée, ${when}`;
}

function select(el, id, options, value) {
  const s = el('select', { id });
  for (const [v, label] of options) s.append(el('option', { value: v, selected: v === value, text: label }));
  return s;
}

// ui: { el, call, page, say, field, scrollable, problem }
export async function showProviders(ui, filters = {}) {
  const { el, call, page, say } = ui;
  const { status, data } = await call('GET', 'api/providers');
  if (status !== 200) {
    return page('Annuaire', el('p', { class: 'error', role: 'alert', text: PROVIDER_MESSAGES[data.code] || ui.problem(status, data) }));
  }
  const labels = data.barrier_labels || {};
  const barrierWord = (code) => labels[code] || code;
  const staleIds = new Set([...(data.watch.stale || []), ...(data.watch.never_confirmed || [])].map((p) => p.id));
  const names = new Map(data.neighbourhoods.map((n) => [n.id, n.name]));
  const barriers = [...new Set(data.providers.flatMap((p) => p.barriers))].sort();
  const communes = [...new Set(data.providers.flatMap((p) => p.communes))].sort();

  const chosen = { barrier: '', commune: '', neighbourhood: '', state: 'all', ...filters };
  const barrierSelect = select(el, 'filter-barrier', [['', 'Tous'], ...barriers.map((b) => [b, barrierWord(b)])], chosen.barrier);
  const communeSelect = select(el, 'filter-commune', [['', 'Toutes'], ['*', 'Toute la métropole'], ...communes.map((c) => [c, c])], chosen.commune);
  const neighbourhoodSelect = select(el, 'filter-neighbourhood', [['', 'Tous'], ...data.neighbourhoods.map((n) => [n.id, `${n.name} (${n.commune})`])], chosen.neighbourhood);
  const stateSelect = select(el, 'filter-state', Object.entries(STATES), chosen.state);
  const form = el('form', { class: 'filters', 'aria-label': 'Filtrer les structures' },
    ui.field('Frein', barrierSelect), ui.field('Commune', communeSelect),
    ui.field('Quartier prioritaire', neighbourhoodSelect), ui.field('État', stateSelect));
  const results = el('div', { 'aria-live': 'polite' });

  const act = async (path, p, done) => {
    const answer = await call('POST', path, { version: data.version, id: p.id });
    if (answer.status === 200) {
      await showProviders(ui, chosen);
      return say(done);
    }
    if (answer.data.code === 'directory_changed') {
      await showProviders(ui, chosen);
      return say(PROVIDER_MESSAGES.directory_changed);
    }
    const message = answer.data.code === 'provider_refused'
      ? `${PROVIDER_MESSAGES.provider_refused} ${refusalDetail(answer.data.detail || '')}`
      : PROVIDER_MESSAGES[answer.data.code] || ui.problem(answer.status, answer.data);
    say(message);
  };

  const render = () => {
    chosen.barrier = barrierSelect.value;
    chosen.commune = communeSelect.value;
    chosen.neighbourhood = neighbourhoodSelect.value;
    chosen.state = stateSelect.value;
    const rows = data.providers.filter((p) => {
      const state = stateOf(p, staleIds);
      if (chosen.state !== 'all' && state !== chosen.state) return false;
      if (chosen.barrier && !p.barriers.includes(chosen.barrier)) return false;
      if (chosen.commune === '*' && p.communes.length > 0) return false;
      if (chosen.commune && chosen.commune !== '*' && !p.communes.includes(chosen.commune)) return false;
      if (chosen.neighbourhood && !p.neighbourhoods.includes(chosen.neighbourhood)) return false;
      return true;
    });
    const head = el('tr', {}, ...['Structure', 'Freins', 'Où', 'Contact', 'État', 'Actions'].map((t) => el('th', { scope: 'col', text: t })));
    const body = rows.map((p) => {
      const state = stateOf(p, staleIds);
      const where = [p.communes.length ? p.communes.join(', ') : 'Toute la métropole',
        ...p.neighbourhoods.map((n) => names.get(n) || n)].join(' ; ');
      const contact = [p.phone, p.address, p.website].filter(Boolean).join(' ; ') || 'Aucun';
      const actions = el('td', {});
      if (state !== 'retired') {
        const edit = el('button', { type: 'button', class: 'small secondary', text: 'Modifier', 'aria-label': `Modifier : ${p.name}` });
        edit.addEventListener('click', () => showProviderForm(ui, data, p, back));
        actions.append(edit, ' ');
        // The accessible name starts with the visible words (WCAG 2.5.3).
        const words = state === 'unverified' ? 'Marquer vérifiée' : 'Reconfirmer';
        const verify = el('button', { type: 'button', class: 'small', text: words, 'aria-label': `${words} : ${p.name}` });
        verify.addEventListener('click', () => act('api/providers/verify', p, `« ${p.name} » est vérifiée aujourd’hui.`));
        const retire = el('button', { type: 'button', class: 'small secondary', text: 'Retirer', 'aria-label': `Retirer : ${p.name}` });
        retire.addEventListener('click', () => {
          if (window.confirm(`Retirer « ${p.name} » de l’annuaire ? Elle ne sera plus proposée aux habitants (la fiche est gardée).`)) {
            act('api/providers/retire', p, `« ${p.name} » est retirée de l’annuaire.`);
          }
        });
        actions.append(verify, ' ', retire);
      }
      return el('tr', {}, el('th', { scope: 'row', text: p.name }),
        el('td', { text: p.barriers.map(barrierWord).join(', ') }), el('td', { text: where }),
        el('td', { text: contact }), el('td', { text: stateWords(p, state) }), actions);
    });
    const caption = `Structures : ${rows.length} sur ${data.providers.length}`;
    results.replaceChildren(rows.length === 0 ? el('p', { text: 'Aucune structure ne correspond à ces filtres.' })
      : ui.scrollable(caption, el('table', {}, el('caption', { text: caption }), el('thead', {}, head), el('tbody', {}, ...body))));
  };
  // Back from the form or the import: the list again, as it was filtered.
  const back = async (message) => {
    await showProviders(ui, chosen);
    say(message);
  };
  for (const s of [barrierSelect, communeSelect, neighbourhoodSelect, stateSelect]) s.addEventListener('change', render);
  form.addEventListener('submit', (e) => e.preventDefault());
  render();
  const add = el('button', { type: 'button', text: 'Ajouter une structure' });
  add.addEventListener('click', () => showProviderForm(ui, data, null, back));
  page('Annuaire',
    el('p', { class: 'hint', text: `Version ${data.version} de l’annuaire. « Marquer vérifiée » dit que vous avez confirmé les informations aujourd’hui (appel, site officiel) : la structure peut alors être proposée aux habitants. Une structure retirée n’est plus proposée mais reste dans l’historique des orientations.` }),
    el('p', {}, add, ' ', el('a', { class: 'button secondary', href: 'api/providers.csv', download: 'levier-annuaire.csv', text: 'Télécharger l’annuaire (CSV)' })),
    form, results, ...importSection(ui, data, back));
}
