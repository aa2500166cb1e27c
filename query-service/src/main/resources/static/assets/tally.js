// The live tally: the chart and the figures follow the tally stream (server-sent events) without a reload, and
// the decision form asks for a rationale exactly when the rules require one (CONTRACT §3, rule 6).
(function () {
    'use strict';

    const section = document.getElementById('tally');
    const selectCount = Number(section.dataset.selectCount);
    let tally = JSON.parse(section.dataset.tally);

    function set(id, value) {
        const element = document.getElementById(id);
        if (element) {
            element.textContent = value;
        }
    }

    function render() {
        const most = Math.max(1, ...tally.results.map(r => r.votes));
        const chart = document.getElementById('chart');
        const rows = tally.results.map(result => {
            const item = document.createElement('li');
            item.dataset.proposal = result.proposalId;
            const label = document.createElement('span');
            label.className = 'bar-label';
            label.textContent = result.title;
            const track = document.createElement('span');
            track.className = 'bar-track';
            const fill = document.createElement('span');
            fill.className = 'bar-fill';
            fill.style.width = (100 * result.votes / most) + '%';
            track.appendChild(fill);
            const votes = document.createElement('span');
            votes.className = 'bar-votes';
            votes.textContent = result.votes;
            item.append(label, track, votes);
            return item;
        });
        chart.replaceChildren(...rows);
        set('tally-cast', tally.ballotsCast);
        set('tally-eligible', tally.eligible === null ? '—' : tally.eligible);
        set('tally-abstentions', tally.abstentions);
        set('tally-quorum', tally.quorum === null ? '—' : tally.quorum);
        set('tally-quorum-met', tally.quorumMet ? section.dataset.yes : section.dataset.no);
        const titles = Object.fromEntries(tally.results.map(r => [r.proposalId, r.title]));
        set('tally-leading', tally.leading.length ? tally.leading.map(id => titles[id] || id).join(', ')
            : section.dataset.leadingNone);
        section.dataset.ballotsCast = tally.ballotsCast;
        updateRationale();
    }

    /** The top selectCount by votes, or null when a tie at the boundary makes it ambiguous. */
    function top() {
        const ranked = [...tally.results].sort((a, b) => b.votes - a.votes);
        if (ranked.length > selectCount && ranked[selectCount - 1].votes === ranked[selectCount].votes) {
            return null;
        }
        return new Set(ranked.slice(0, selectCount).map(r => r.proposalId));
    }

    function updateRationale() {
        const field = document.getElementById('rationale-field');
        if (!field) {
            return;
        }
        const chosen = [...document.querySelectorAll('#record-decision [name="selected"]:checked')].map(c => c.value);
        const expected = top();
        const differs = expected === null || chosen.length !== expected.size || chosen.some(id => !expected.has(id));
        const required = !tally.quorumMet || (chosen.length > 0 && differs);
        field.hidden = !required;
        document.getElementById('rationale').required = required;
    }

    document.querySelectorAll('#record-decision [name="selected"]').forEach(c => c.addEventListener('change', updateRationale));
    render();

    // The ballots table is rendered by the server in the page's language: fetch the page again and take it over.
    let refreshing = false;
    let again = false;

    async function refreshBallots() {
        if (refreshing) {
            again = true;
            return;
        }
        refreshing = true;
        try {
            const response = await fetch(window.location.pathname, {credentials: 'same-origin', headers: {Accept: 'text/html'}});
            if (response.ok) {
                const page = new DOMParser().parseFromString(await response.text(), 'text/html');
                const fresh = page.getElementById('ballots-section');
                if (fresh) {
                    document.getElementById('ballots-section').replaceWith(document.importNode(fresh, true));
                }
            }
        } finally {
            refreshing = false;
            if (again) {
                again = false;
                refreshBallots();
            }
        }
    }

    const live = document.getElementById('tally-live');
    const stream = new EventSource(section.dataset.stream, {withCredentials: true});
    stream.addEventListener('tally', event => {
        tally = JSON.parse(event.data);
        render();
        refreshBallots();
        live.textContent = live.dataset.live;
    });
    stream.addEventListener('error', () => { live.textContent = live.dataset.offline; });
}());
