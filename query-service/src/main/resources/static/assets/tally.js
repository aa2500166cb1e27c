// The tally page: turnout against the quorum and each proposal's share of the ballots cast, drawn to scale. While
// voting runs they and the lists follow the tally stream (server-sent events) without a reload; when the phase
// changes the page is loaded again, as the server renders it for that phase. Once voting has closed, the decision
// form says why a rationale is required, as the chair chooses (CONTRACT §3, rule 6).
(function () {
    'use strict';

    const section = document.getElementById('tally');
    if (!section) {
        return;
    }
    const percent = new Intl.NumberFormat(document.documentElement.lang, {style: 'percent', maximumFractionDigits: 0});
    let tally = JSON.parse(section.dataset.tally);

    function set(id, value) {
        const element = document.getElementById(id);
        if (element) {
            element.textContent = value;
        }
    }

    function share(part, whole) {
        return whole ? Math.min(100, 100 * part / whole) : 0;
    }

    /** The bars, drawn to scale, and the counts beside them. */
    function draw() {
        const cast = tally.ballotsCast;
        tally.results.forEach(result => {
            const item = section.querySelector('#chart li[data-proposal="' + CSS.escape(result.proposalId) + '"]');
            if (!item) {
                return;
            }
            item.querySelector('.bar-fill').style.width = share(result.votes, cast) + '%';
            item.querySelector('.bar-votes').textContent = result.votes;
            item.querySelector('.bar-share').textContent = '(' + percent.format(cast ? result.votes / cast : 0) + ')';
        });
        const bar = document.getElementById('turnout-bar');
        if (bar) {
            bar.setAttribute('aria-valuenow', cast);
            bar.querySelector('.turnout-fill').style.width = share(cast, tally.eligible) + '%';
            const marker = document.getElementById('quorum-marker');
            if (marker) {
                marker.style.left = share(tally.quorum, tally.eligible) + '%';
            }
        }
    }

    /** The figures and the proposals in the lead, as the stream tells them. */
    function follow() {
        draw();
        set('tally-cast', tally.ballotsCast);
        set('tally-abstentions', tally.abstentions);
        set('tally-quorum-met', tally.quorumMet ? section.dataset.yes : section.dataset.no);
        const titles = Object.fromEntries(tally.results.map(r => [r.proposalId, r.title]));
        set('tally-leading', tally.leading.length ? tally.leading.map(id => titles[id] || id).join(', ')
            : section.dataset.leadingNone);
    }

    // The ballots and the member states yet to vote are rendered by the server in the page's language: fetch the
    // page again and take those sections over (a list the chair has unfolded stays unfolded).
    const REFRESHED = ['ballots-section', 'not-voted-section'];
    let refreshing = false;
    let again = false;

    async function refreshSections() {
        if (refreshing) {
            again = true;
            return;
        }
        refreshing = true;
        try {
            const response = await fetch(window.location.pathname, {credentials: 'same-origin', headers: {Accept: 'text/html'}});
            if (response.ok) {
                const page = new DOMParser().parseFromString(await response.text(), 'text/html');
                REFRESHED.forEach(id => {
                    const current = document.getElementById(id);
                    const fresh = page.getElementById(id);
                    if (!current || !fresh) {
                        return;
                    }
                    const unfolded = current.querySelector('details[open]');
                    const taken = document.importNode(fresh, true);
                    if (unfolded) {
                        taken.querySelectorAll('details').forEach(d => { d.open = true; });
                    }
                    current.replaceWith(taken);
                });
            }
        } finally {
            refreshing = false;
            if (again) {
                again = false;
                refreshSections();
            }
        }
    }

    // The page's policy allows no inline style: the bars get their lengths here, from the start.
    draw();

    const live = document.getElementById('tally-live');
    if (section.dataset.stream) {
        const stream = new EventSource(section.dataset.stream, {withCredentials: true});
        stream.addEventListener('tally', event => {
            live.textContent = live.dataset.live;
            const next = JSON.parse(event.data);
            if (next.phase !== tally.phase) {
                stream.close();
                // Not at once: when this page's own form made the change, it goes on by itself, with its message.
                window.setTimeout(() => window.location.reload(), 1000);
                return;
            }
            // The first message is most often the tally this page was rendered with: nothing to redo then.
            if (JSON.stringify(next) === JSON.stringify(tally)) {
                return;
            }
            tally = next;
            follow();
            refreshSections();
        });
        stream.addEventListener('error', () => { live.textContent = live.dataset.offline; });
    }

    const form = document.getElementById('record-decision');
    if (!form) {
        return;
    }
    const selectCount = Number(form.dataset.selectCount);
    const field = document.getElementById('rationale-field');
    const hint = document.getElementById('rationale-hint');
    const rationale = document.getElementById('rationale');
    const rationaleError = document.getElementById('rationale-error');
    const top = JSON.parse(hint.dataset.top || '[]');
    const choices = [...form.querySelectorAll('[name="selected"]')];
    const slot = document.getElementById('selected-error');

    function chosen() {
        return choices.filter(c => c.checked).map(c => c.value);
    }

    /** Why a rationale is required: quorum or tie whatever the selection, differs for one other than the top by votes. */
    function reason() {
        const selection = chosen();
        if (hint.dataset.always) {
            return hint.dataset.always;
        }
        const differs = selection.length !== top.length || selection.some(id => !top.includes(id));
        return selection.length > 0 && differs ? 'differs' : null;
    }

    function updateRationale() {
        const why = reason();
        field.hidden = !why;
        rationale.required = Boolean(why);
        if (why) {
            hint.textContent = hint.dataset[why];
        }
        slot.textContent = '';
        choices.forEach(c => c.removeAttribute('aria-invalid'));
    }

    choices.forEach(c => c.addEventListener('change', updateRationale));
    // Before the form is sent (or confirmed), each missing part is said at its own field.
    form.addEventListener('submit', event => {
        const missing = [];
        if (chosen().length !== selectCount) {
            slot.textContent = form.dataset.selectError;
            choices.forEach(c => c.setAttribute('aria-invalid', 'true'));
            missing.push(choices[0]);
        }
        if (rationale.required && !rationale.value.trim()) {
            rationaleError.textContent = JSON.parse(document.body.dataset.messages)['error.RATIONALE_REQUIRED'];
            rationale.setAttribute('aria-invalid', 'true');
            missing.push(rationale);
        } else {
            rationaleError.textContent = '';
            rationale.removeAttribute('aria-invalid');
        }
        if (missing.length) {
            event.preventDefault();
            event.stopImmediatePropagation();
            missing[0].focus();
        }
    }, true);
    updateRationale();
}());
