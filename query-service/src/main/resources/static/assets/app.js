// Forms marked data-api send JSON to this origin's /api (the service forwards writes to the command service)
// and show a refusal next to what caused it, in the page's language.
(function () {
    'use strict';

    const messages = JSON.parse(document.body.dataset.messages || '{}');
    // Business refusals that belong to one field of the form.
    const CODE_FIELDS = {
        DUPLICATE_TITLE: 'title', RATIONALE_REQUIRED: 'rationale', TOO_MANY_CHOICES: 'choices',
        PROPOSAL_WITHDRAWN: 'choices', ALREADY_EXISTS: 'id'
    };

    function text(key) {
        return messages[key] || messages['error.generic'] || key;
    }

    function body(form) {
        const kind = form.dataset.body;
        if (kind === 'none') {
            return undefined;
        }
        const data = new FormData(form);
        if (kind === 'ballot') {
            const ballot = data.get('abstain') ? {abstain: true} : {choices: data.getAll('choices')};
            const explanation = (data.get('explanation') || '').trim();
            return explanation ? {...ballot, explanation} : ballot;
        }
        if (kind === 'decision') {
            const rationale = (data.get('rationale') || '').trim();
            return rationale ? {selected: data.getAll('selected'), rationale} : {selected: data.getAll('selected')};
        }
        const json = {};
        for (const element of form.elements) {
            if (!element.name || element.type === 'submit') {
                continue;
            }
            if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) {
                continue;
            }
            const value = element.value.trim();
            if (value === '') {
                continue;
            }
            const typed = element.dataset.type === 'number' ? Number(value)
                : element.dataset.type === 'instant' ? instant(value, element.dataset.zone) : value;
            // "schedule.votingOpensAt" goes into {"schedule": {"votingOpensAt": ...}}, as the API names the field.
            const [group, field] = element.name.split('.');
            if (field) {
                json[group] = Object.assign(json[group] || {}, {[field]: typed});
            } else if (element.dataset.type === 'list') {
                json[element.name] = (json[element.name] || []).concat(typed);
            } else {
                json[element.name] = typed;
            }
        }
        return json;
    }

    /**
     * The UTC instant the API takes, of a datetime-local input's wall time: in the browser's own zone, or in the
     * input's data-zone (Geneva's, for the silence procedure's deadline) found from that zone's offset then.
     */
    function instant(wall, zone) {
        if (!zone) {
            return new Date(wall).toISOString();
        }
        const [date, time] = wall.split('T');
        const [year, month, day] = date.split('-').map(Number);
        const [hour, minute, second = 0] = time.split(':').map(Number);
        const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
        const parts = new Intl.DateTimeFormat('en-GB', {
            timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
            hour: 'numeric', minute: 'numeric', second: 'numeric'
        });
        const offset = at => {
            const p = Object.fromEntries(parts.formatToParts(at).map(part => [part.type, Number(part.value)]));
            return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
        };
        // The offset at the first guess may differ from the one at the instant itself, next to a change of time.
        const guess = asUtc - offset(asUtc);
        return new Date(asUtc - offset(guess)).toISOString();
    }

    /** A ballot with neither a choice nor an abstention is refused at its field before it is sent. */
    function emptyBallot(form) {
        if (form.dataset.body !== 'ballot') {
            return null;
        }
        const data = new FormData(form);
        return data.get('abstain') || data.getAll('choices').length ? null
            : {code: 'VALIDATION_FAILED', fields: [{field: 'choices'}]};
    }

    function clear(form) {
        form.querySelectorAll('[data-error-for]').forEach(e => { e.textContent = ''; });
        form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
        const alert = form.querySelector('.form-error');
        if (alert) {
            alert.textContent = '';
            alert.hidden = true;
        }
    }

    function markField(form, field, message) {
        const slot = form.querySelector('[data-error-for="' + field + '"]');
        if (!slot) {
            return false;
        }
        slot.textContent = message;
        form.querySelectorAll('[name="' + field + '"]').forEach(e => e.setAttribute('aria-invalid', 'true'));
        return true;
    }

    function showProblem(form, problem) {
        const code = problem && problem.code;
        let placed = false;
        if (code === 'VALIDATION_FAILED' && Array.isArray(problem.fields)) {
            problem.fields.forEach(f => {
                placed = markField(form, f.field, messages['invalid.' + f.field] || text('error.VALIDATION_FAILED')) || placed;
            });
        } else if (code && CODE_FIELDS[code]) {
            placed = markField(form, CODE_FIELDS[code], text('error.' + code));
        }
        const alert = form.querySelector('.form-error');
        if (placed) {
            form.querySelector('[aria-invalid="true"]').focus();
        } else if (alert) {
            alert.textContent = code ? text('error.' + code) : text('error.generic');
            alert.hidden = false;
            alert.focus();
        }
    }

    // After an action the next page says what happened and shows the changed thing (CONTRACT-free UI convention:
    // data-done holds the message, data-done-focus the element to bring into view; {id} is the created id).
    const FLASH = 'idm.flash';

    function remember(form, created) {
        if (!form.dataset.done) {
            return;
        }
        const focus = form.dataset.doneFocus ? form.dataset.doneFocus.replace('{id}', created || '') : null;
        sessionStorage.setItem(FLASH, JSON.stringify({text: form.dataset.done, focus}));
    }

    function showFlash() {
        const stored = sessionStorage.getItem(FLASH);
        if (!stored) {
            return;
        }
        sessionStorage.removeItem(FLASH);
        const {text: said, focus} = JSON.parse(stored);
        const flash = document.createElement('p');
        flash.id = 'flash';
        flash.className = 'flash';
        flash.setAttribute('role', 'status');
        flash.tabIndex = -1;
        flash.textContent = said;
        document.getElementById('main').prepend(flash);
        const target = focus && document.querySelector(focus);
        if (target) {
            if (!target.hasAttribute('tabindex') && !target.matches('a, button, input, select, textarea')) {
                target.setAttribute('tabindex', '-1');
            }
            target.classList.add('changed');
            // A reload would otherwise put the old scroll position back after this, hiding the row again.
            history.scrollRestoration = 'manual';
            target.scrollIntoView({block: 'center'});
            target.focus({preventScroll: true});
        } else {
            flash.focus();
        }
    }

    // Irreversible actions ask first, in one accessible modal dialog (focus stays in it; Escape cancels).
    let dialog;

    function confirmDialog() {
        if (dialog) {
            return dialog;
        }
        dialog = document.createElement('dialog');
        dialog.id = 'confirm-dialog';
        dialog.setAttribute('role', 'alertdialog');
        dialog.setAttribute('aria-labelledby', 'confirm-text');
        const question = document.createElement('p');
        question.id = 'confirm-text';
        const actions = document.createElement('div');
        actions.className = 'actions';
        const cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.id = 'confirm-cancel';
        cancel.className = 'secondary';
        cancel.textContent = text('confirm.cancel');
        cancel.addEventListener('click', () => dialog.close('cancel'));
        const ok = document.createElement('button');
        ok.type = 'button';
        ok.id = 'confirm-ok';
        ok.addEventListener('click', () => dialog.close('confirm'));
        actions.append(cancel, ok);
        dialog.append(question, actions);
        document.body.appendChild(dialog);
        return dialog;
    }

    function confirmed(form) {
        if (!form.dataset.confirm) {
            return Promise.resolve(true);
        }
        const ask = confirmDialog();
        ask.querySelector('#confirm-text').textContent = form.dataset.confirm;
        const ok = ask.querySelector('#confirm-ok');
        ok.textContent = form.dataset.confirmButton || text('confirm.ok');
        const submitButton = form.querySelector('button[type="submit"]');
        ok.classList.toggle('danger', !!(submitButton && submitButton.classList.contains('danger')));
        ask.returnValue = '';
        return new Promise(resolve => {
            ask.addEventListener('close', () => {
                resolve(ask.returnValue === 'confirm');
                if (submitButton) {
                    submitButton.focus();
                }
            }, {once: true});
            ask.showModal();
            ask.querySelector('#confirm-cancel').focus();
        });
    }

    async function submit(event) {
        const form = event.target;
        event.preventDefault();
        clear(form);
        const missing = emptyBallot(form);
        if (missing) {
            showProblem(form, missing);
            return;
        }
        if (!await confirmed(form)) {
            return;
        }
        const button = form.querySelector('button[type="submit"]');
        if (button) {
            button.disabled = true;
        }
        try {
            const payload = body(form);
            const headers = payload === undefined ? {Accept: 'application/json'}
                : {Accept: 'application/json', 'Content-Type': 'application/json'};
            // The form's key, made with the page: every submission of this form is one request (issue 17).
            if (form.dataset.idempotencyKey) {
                headers['Idempotency-Key'] = form.dataset.idempotencyKey;
            }
            const response = await fetch(form.dataset.api, {
                method: form.dataset.method || 'POST',
                credentials: 'same-origin',
                headers,
                body: payload === undefined ? undefined : JSON.stringify(payload)
            });
            if (response.status === 401) {
                // Signed in again, the user comes back to this page (the sign-in page checks that it is one).
                window.location.assign('/login?expired&next='
                    + encodeURIComponent(window.location.pathname + window.location.search));
                return;
            }
            if (!response.ok) {
                showProblem(form, await response.json().catch(() => null));
                return;
            }
            let next = form.dataset.next;
            let created = null;
            if (response.status === 201) {
                const answer = await response.json().catch(() => ({}));
                created = answer.id || answer.code || null;
            }
            if (next && next.includes('{id}')) {
                next = next.replace('{id}', encodeURIComponent(created || ''));
            }
            remember(form, created);
            const here = window.location.pathname + window.location.search;
            if (!next || next === here) {
                window.location.reload();
            } else {
                window.location.assign(next);
            }
        } catch (unreachable) {
            showProblem(form, null);
        } finally {
            if (button) {
                button.disabled = false;
            }
        }
    }

    async function verify(event) {
        const button = event.target;
        const result = document.getElementById('verify-result');
        result.textContent = '';
        const response = await fetch(button.dataset.verify, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
        if (!response.ok) {
            result.textContent = text('error.generic');
            return;
        }
        const outcome = await response.json();
        result.textContent = (outcome.verified ? button.dataset.ok : button.dataset.bad)
            .replace('{0}', outcome.entries).replace('{1}', outcome.firstMismatchPosition);
        result.className = outcome.verified ? 'verified' : 'not-verified';
    }

    document.querySelectorAll('form[data-api]').forEach(form => form.addEventListener('submit', submit));
    // A scheduled instant, shown in Geneva time by the page, also in the browser's own zone.
    const language = document.documentElement.lang || undefined;
    const localTime = new Intl.DateTimeFormat(language, {
        year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
    });
    document.querySelectorAll('.local-time[data-instant]').forEach(element => {
        element.textContent = element.dataset.label.replace('{0}', localTime.format(new Date(element.dataset.instant)));
    });
    // A time typed in another zone than the browser's (Geneva's) is repeated, as typed, in the browser's own.
    document.querySelectorAll('.local-time[data-preview-of]').forEach(element => {
        const input = document.getElementById(element.dataset.previewOf);
        const preview = () => {
            element.textContent = input.value
                ? element.dataset.label.replace('{0}', localTime.format(new Date(instant(input.value, input.dataset.zone))))
                : '';
        };
        input.addEventListener('input', preview);
        preview();
    });
    // The time left until an instant (the silence procedure's deadline), every second, then that it has passed.
    const countdowns = document.querySelectorAll('.countdown[data-until]');
    if (countdowns.length) {
        const days = new Intl.NumberFormat(language, {style: 'unit', unit: 'day', unitDisplay: 'long'});
        const two = n => String(n).padStart(2, '0');
        const tick = () => countdowns.forEach(element => {
            const left = Math.floor((Date.parse(element.dataset.until) - Date.now()) / 1000);
            if (left <= 0) {
                element.textContent = element.dataset.passed;
                return;
            }
            const d = Math.floor(left / 86400);
            const clock = two(Math.floor(left % 86400 / 3600)) + ':' + two(Math.floor(left % 3600 / 60)) + ':' + two(left % 60);
            element.textContent = element.dataset.label.replace('{0}', (d ? days.format(d) + ' ' : '') + clock);
        });
        tick();
        setInterval(tick, 1000);
    }
    showFlash();
    const verifyButton = document.getElementById('verify-trail');
    if (verifyButton) {
        verifyButton.addEventListener('click', verify);
    }
    // A ballot is either choices or an abstention: ticking one clears the other.
    const abstain = document.getElementById('abstain');
    if (abstain) {
        const choices = document.querySelectorAll('#cast-ballot [name="choices"]');
        abstain.addEventListener('change', () => { if (abstain.checked) { choices.forEach(c => { c.checked = false; }); } });
        choices.forEach(c => c.addEventListener('change', () => { if (c.checked) { abstain.checked = false; } }));
    }
}());
