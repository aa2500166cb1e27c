package org.iom.idm.ballot;

import org.iom.idm.ballot.BallotQueries.Tally;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tally's JSON for the tally streams, rendered once for all its subscribers: the notifier pushes one tally
 * instance to every stream of its consultation, and a thousand streams rendering it each cost more than pushing it.
 * Kept per consultation, the last rendered only.
 */
@Component
class RenderedTallies {

    private final JsonMapper json;
    private final Map<String, Rendered> lastRendered = new ConcurrentHashMap<>();

    RenderedTallies(JsonMapper json) {
        this.json = json;
    }

    private record Rendered(Tally tally, String json) {
    }

    /** The tally as the API renders it; the same text for the same instance. */
    String json(Tally tally) {
        Rendered last = lastRendered.get(tally.consultationId());
        if (last != null && last.tally() == tally) {
            return last.json();
        }
        Rendered rendered = new Rendered(tally, json.writeValueAsString(tally));
        lastRendered.put(tally.consultationId(), rendered);
        return rendered.json();
    }
}
