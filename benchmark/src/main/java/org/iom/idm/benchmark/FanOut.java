package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Setup.Consultation;
import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceApi;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tally stream fan-out: many subscribers on one consultation's {@code /tally/stream} (as the chair, who may see
 * the tally while voting runs); then ballots are cast one at a time, and for each subscriber the time from the
 * ballot's 2xx until its stream delivers a tally that counts that ballot is one sample.
 */
final class FanOut {

    /** Subscriptions being opened at once: the server's accept queue is finite. */
    private static final int CONCURRENT_OPENS = 50;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** How long the subscribers get to see a ballot before the missing ones are counted as such. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final long WAIT_POLL_MILLIS = 1;
    /** A quiet moment between rounds, so that each round starts from idle streams. */
    private static final long PAUSE_BETWEEN_ROUNDS_MILLIS = 500;
    private static final String TALLY_EVENT = "tally";

    private final ServiceApi api;

    record Result(int subscribers, int rounds, Samples.Percentiles delivery, long missing, Duration openTime,
                  long endedEarly) {
    }

    FanOut(ServiceApi api) {
        this.api = api;
    }

    Result run(Consultation consultation, List<String> voters, int subscriberCount, int rounds) {
        if (voters.size() < rounds) {
            throw new IllegalArgumentException(rounds + " rounds need as many member states that have not voted");
        }
        long openStart = System.nanoTime();
        List<Subscriber> subscribers = open(consultation.id(), subscriberCount, rounds);
        Duration openTime = Duration.ofNanos(System.nanoTime() - openStart);
        Samples samples = new Samples();
        long missing = 0;
        long endedEarly;
        try {
            awaitAll(subscribers, 0, System.nanoTime() + OPEN_TIMEOUT.toNanos());
            String[] bodies = BallotLoad.ballotBodies(consultation);
            for (int round = 1; round <= rounds; round++) {
                String state = voters.get(round - 1);
                api.put(ServiceApi.delegate(state), BallotLoad.ballotPath(consultation.id(), state), bodies[0])
                        .expect2xx();
                long acknowledged = System.nanoTime();
                awaitAll(subscribers, round, acknowledged + DELIVERY_TIMEOUT.toNanos());
                for (Subscriber subscriber : subscribers) {
                    long arrival = subscriber.arrivals.get(round);
                    if (arrival == 0) {
                        // Counted at the timeout: the percentiles are then lower bounds, never flattered.
                        missing++;
                        samples.add(DELIVERY_TIMEOUT.toNanos());
                    } else {
                        // A push can overtake the 2xx to this client; it was then no later than the ack.
                        samples.add(Math.max(0, arrival - acknowledged));
                    }
                }
                Pause.millis(PAUSE_BETWEEN_ROUNDS_MILLIS);
            }
            endedEarly = subscribers.stream().filter(subscriber -> subscriber.ended).count();
        } finally {
            subscribers.forEach(Subscriber::cancel);
        }
        return new Result(subscribers.size(), rounds, samples.percentiles(), missing, openTime, endedEarly);
    }

    private List<Subscriber> open(String consultationId, int count, int rounds) {
        URI uri = api.queryService().resolve("/api/consultations/" + consultationId + "/tally/stream");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", api.authorization(ServiceApi.CHAIR))
                .GET()
                .build();
        Semaphore opening = new Semaphore(CONCURRENT_OPENS);
        List<Subscriber> subscribers = new ArrayList<>();
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Subscriber subscriber = new Subscriber(rounds);
            subscribers.add(subscriber);
            opening.acquireUninterruptibly();
            CompletableFuture<Integer> status = new CompletableFuture<>();
            status.whenComplete((code, failure) -> opening.release());
            statuses.add(status);
            api.http().sendAsync(request, info -> {
                        status.complete(info.statusCode());
                        return HttpResponse.BodySubscribers.fromLineSubscriber(subscriber, s -> null,
                                StandardCharsets.UTF_8, null);
                    })
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            status.completeExceptionally(failure);
                        }
                    });
        }
        try {
            for (CompletableFuture<Integer> status : statuses) {
                int code = status.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (code != 200) {
                    throw new IllegalStateException("a tally stream answered " + code);
                }
            }
        } catch (Exception e) {
            subscribers.forEach(Subscriber::cancel);
            throw new IllegalStateException("opening " + count + " tally streams failed: " + e, e);
        }
        return subscribers;
    }

    /**
     * Waits until every subscriber whose stream is still open has seen a tally with at least {@code ballots}
     * ballots, or the deadline.
     */
    private static void awaitAll(List<Subscriber> subscribers, int ballots, long deadline) {
        for (Subscriber subscriber : subscribers) {
            while (subscriber.arrivals.get(ballots) == 0 && !subscriber.ended && System.nanoTime() < deadline) {
                Pause.millis(WAIT_POLL_MILLIS);
            }
        }
    }

    /**
     * One stream's frames, parsed as an EventSource would; records when it first saw a tally with 0, 1, 2, ...
     * ballots cast.
     */
    private static final class Subscriber implements Flow.Subscriber<String> {

        final AtomicLongArray arrivals;
        volatile boolean ended;
        private volatile Flow.Subscription subscription;
        private String event;
        private StringBuilder data;

        Subscriber(int rounds) {
            arrivals = new AtomicLongArray(rounds + 1);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (TALLY_EVENT.equals(event) && data != null) {
                    arrived(ServiceApi.JSON.readTree(data.toString()));
                }
                event = null;
                data = null;
            } else if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                String value = line.substring("data:".length());
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }

        private void arrived(JsonNode tally) {
            long now = System.nanoTime();
            int ballots = Math.min(tally.path("ballotsCast").asInt(), arrivals.length() - 1);
            for (int i = 0; i <= ballots; i++) {
                arrivals.compareAndSet(i, 0, now);
            }
        }

        /** The stream ended (its later deliveries count as missing). */
        @Override
        public void onError(Throwable throwable) {
            ended = true;
        }

        @Override
        public void onComplete() {
            ended = true;
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
