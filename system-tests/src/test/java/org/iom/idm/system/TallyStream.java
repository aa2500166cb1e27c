package org.iom.idm.system;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of {@code GET /api/consultations/{cid}/tally/stream}, as a browser's EventSource would be: the
 * {@code event:}/{@code data:} frames are parsed on a background thread into a queue.
 */
final class TallyStream implements AutoCloseable {

    record Event(String name, String data) {
        JsonNode json() {
            return Api.JSON.readTree(data);
        }
    }

    private static final Event END = new Event("(end of stream)", null);

    private final String description;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> tallies = new CopyOnWriteArrayList<>();
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;

    private TallyStream(String description, HttpResponse<Stream<String>> response) {
        this.description = description;
        this.response = response;
        Thread reader = new Thread(this::readFrames, "sse " + description);
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream and asserts that it is one: 200 and {@code text/event-stream}. */
    static TallyStream open(Api api, String user, String consultationId) {
        URI uri = api.queryService().resolve("/api/consultations/" + consultationId + "/tally/stream");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", Api.basic(user))
                .GET()
                .build();
        String description = "tally stream of " + consultationId + " as " + user;
        HttpResponse<Stream<String>> response;
        try {
            response = api.http().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(description + " could not be opened: " + e, e);
        }
        if (response.statusCode() != 200) {
            List<String> body = new ArrayList<>();
            try (Stream<String> lines = response.body()) {
                lines.limit(20).forEach(body::add);
            }
            throw new AssertionError(description + " answered " + response.statusCode() + " " + body);
        }
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("content type of the %s", description).startsWith("text/event-stream");
        return new TallyStream(description, response);
    }

    private void readFrames() {
        String name = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        dispatch(new Event(name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    // a comment: the keep-alive
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    if (field.equals("event")) {
                        name = value;
                    } else if (field.equals("data")) {
                        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    }
                }
            }
        } catch (RuntimeException ended) {
            // the connection was closed
        } finally {
            events.add(END);
        }
    }

    private void dispatch(Event event) {
        if (event.name().equals("tally")) {
            tallies.add(event.json());
        }
        received.add(event);
        events.add(event);
    }

    /** The next frame, or an assertion failure when none comes in time. */
    Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event on the " + description + " within " + timeout.toMillis()
                        + " ms; tallies so far: " + tallies);
            }
            if (event == END) {
                events.add(END);
                throw new AssertionError("the " + description + " ended; tallies so far: " + tallies);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code tally} event's data. */
    JsonNode nextTally(Duration timeout) {
        Event event = next(timeout);
        assertThat(event.name()).as("event on the %s: %s", description, event.data()).isEqualTo("tally");
        return event.json();
    }

    /**
     * Takes tally events until one satisfies {@code expected}; any event before it must satisfy
     * {@code tolerated} (a repeat of the previous tally), or the stream showed something it should not have.
     */
    JsonNode awaitTally(String what, Predicate<JsonNode> expected, Predicate<JsonNode> tolerated, Duration timeout) {
        return awaitEvent(what, event -> event.name().equals("tally") && expected.test(event.json()),
                event -> event.name().equals("tally") && tolerated.test(event.json()), timeout).json();
    }

    /**
     * Takes events until one satisfies {@code expected}; any event before it must satisfy {@code tolerated}, or
     * the stream sent something it should not have.
     */
    Event awaitEvent(String what, Predicate<Event> expected, Predicate<Event> tolerated, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Event event;
            try {
                event = next(Duration.ofMillis(left));
            } catch (AssertionError none) {
                throw new AssertionError("waiting for " + what + ": " + none.getMessage(), none);
            }
            if (expected.test(event)) {
                return event;
            }
            assertThat(tolerated.test(event))
                    .as("while waiting for %s, the %s sent an unexpected %s event %s", what, description,
                            event.name(), event.data())
                    .isTrue();
        }
    }

    /**
     * CONTRACT §7 for a caller who may not see a sealed tally: every message sent in a sealed phase
     * ({@code VOTING}, {@code CANCELLED}) is a {@code phase} message with the consultation and the phase only.
     */
    void assertNothingSealedWasSent() {
        for (Event event : received) {
            JsonNode data = event.json();
            String phase = data.path("phase").asString();
            if (phase.equals("VOTING") || phase.equals("CANCELLED")) {
                assertThat(event.name()).as("a message of the %s while %s: %s", description, phase, event.data())
                        .isEqualTo("phase");
                assertThat(data.propertyNames()).as("the %s's phase message %s", description, event.data())
                        .containsExactlyInAnyOrder("consultationId", "phase");
            }
        }
    }

    /** Every tally received so far, in order. */
    List<JsonNode> tallies() {
        return List.copyOf(tallies);
    }

    /** Ends the stream without waiting: the reader thread stops when the connection is released. */
    @Override
    public void close() {
        Thread closer = new Thread(() -> {
            try {
                response.body().close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }, "close " + description);
        closer.setDaemon(true);
        closer.start();
    }
}
