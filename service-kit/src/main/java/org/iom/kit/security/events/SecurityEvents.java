package org.iom.kit.security.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * This service's security events, in its own table. Recording never fails a request: a database that cannot be
 * reached costs the event, logged, not the answer. Events older than the retention are deleted as new ones come,
 * at most once an hour.
 */
public class SecurityEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);
    /** The table name goes into the SQL, so it must be a plain identifier. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final int USERNAME_LENGTH = 255;
    private static final int ADDRESS_LENGTH = 64;
    private static final int DETAIL_LENGTH = 500;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int ADDRESSES_KEPT = 100_000;

    private final JdbcClient db;
    private final String table;
    private final SecurityEventsProperties properties;
    private final InstantSource time;
    private final Cache<String, AtomicInteger> refusedTokens;
    private final AtomicReference<Instant> pruned = new AtomicReference<>(Instant.EPOCH);

    public SecurityEvents(JdbcClient db, SecurityEventsProperties properties, InstantSource time) {
        if (properties.table() == null || !TABLE_NAME.matcher(properties.table()).matches()) {
            throw new IllegalStateException("set idm.security.events.table to the table of this service's security "
                    + "events (made by its own migration)");
        }
        this.db = db;
        this.table = properties.table();
        this.properties = properties;
        this.time = time;
        this.refusedTokens = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(time.millis()))
                .expireAfterWrite(properties.refusedTokensWindow())
                .maximumSize(ADDRESSES_KEPT)
                .build();
    }

    public void record(SecurityEventKind kind, String username, String address, String detail) {
        Instant now = time.instant();
        try {
            db.sql("insert into " + table + " (occurred_at, kind, username, address, detail) values (?, ?, ?, ?, ?)")
                    .params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), kind.name(), cut(username, USERNAME_LENGTH),
                            cut(address, ADDRESS_LENGTH), cut(detail, DETAIL_LENGTH))
                    .update();
            prune(now);
        } catch (DataAccessException e) {
            // The user name is the client's text: not for the log.
            LOG.warn("Could not record a security event {} from {}: {}", kind, address, e.getMessage());
        }
    }

    /** A refused token, unless this address has had its share of recorded ones in the current window. */
    public void tokenRefused(String username, String address, String detail) {
        int count = refusedTokens.get(address == null ? "" : address, any -> new AtomicInteger()).incrementAndGet();
        int allowed = properties.refusedTokensPerAddress();
        if (count > allowed) {
            return;
        }
        String why = detail == null ? "invalid token" : cut(detail, DETAIL_LENGTH - 100);
        record(SecurityEventKind.TOKEN_REFUSED, username, address, count < allowed ? why
                : why + " (the last recorded from this address for " + properties.refusedTokensWindow() + ")");
    }

    /** Up to {@code limit} events, newest first, all older than the event {@code before} if given. */
    public List<SecurityEvent> newestFirst(Long before, int limit) {
        return db.sql("select id, occurred_at, kind, username, address, detail from " + table
                        + " where id < :before order by id desc limit :limit")
                .param("before", before == null ? Long.MAX_VALUE : before)
                .param("limit", limit)
                .query((rs, row) -> new SecurityEvent(rs.getLong("id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        SecurityEventKind.valueOf(rs.getString("kind")), rs.getString("username"),
                        rs.getString("address"), rs.getString("detail")))
                .list();
    }

    private void prune(Instant now) {
        Instant last = pruned.get();
        if (last.plus(PRUNE_EVERY).isAfter(now) || !pruned.compareAndSet(last, now)) {
            return;
        }
        db.sql("delete from " + table + " where occurred_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(properties.retention()), ZoneOffset.UTC))
                .update();
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
