package org.iom.idm.actor;

import org.iom.idm.membership.Capacity;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who issued a command. Travels as message metadata, so every event records it (CONTRACT §3, rule 7).
 */
public record Actor(String username, Role role, String memberState, Capacity capacity) {

    public static final String USERNAME = "actor";
    public static final String ROLE = "role";
    public static final String MEMBER_STATE = "memberState";
    public static final String CAPACITY = "capacity";
    public static final String CORRELATION_ID = "correlationId";

    /** The system acting by itself at a scheduled instant (CONTRACT §8). */
    public static final Actor SYSTEM = new Actor("system", Role.SYSTEM, null, null);

    public Actor {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        if (role == Role.DELEGATE && memberState == null) {
            throw new IllegalArgumentException("a delegate acts for a member state");
        }
        if (capacity != null && memberState == null) {
            throw new IllegalArgumentException("a capacity is held in a member state's delegation");
        }
    }

    /** An actor whose capacity is not known (events recorded before the accreditation roster, CONTRACT §9). */
    public Actor(String username, Role role, String memberState) {
        this(username, role, memberState, null);
    }

    public static Actor delegate(String username, String memberState) {
        return new Actor(username, Role.DELEGATE, memberState);
    }

    public static Actor delegate(String username, String memberState, Capacity capacity) {
        return new Actor(username, Role.DELEGATE, memberState, capacity);
    }

    public static Actor of(String username, Role role) {
        return new Actor(username, role, null);
    }

    public boolean is(Role expected) {
        return role == expected;
    }

    public boolean isDelegateOf(String state) {
        return role == Role.DELEGATE && memberState.equals(state);
    }

    /** The metadata entries that carry this actor; the member state and capacity entries only when there is one. */
    public Map<String, String> toMetaData() {
        Map<String, String> entries = new HashMap<>();
        entries.put(USERNAME, username);
        entries.put(ROLE, role.name());
        if (memberState != null) {
            entries.put(MEMBER_STATE, memberState);
        }
        if (capacity != null) {
            entries.put(CAPACITY, capacity.name());
        }
        return entries;
    }

    /** Reads an actor back from message metadata; null when the message carries none. */
    public static Actor fromMetaData(Map<String, ?> metaData) {
        Object username = metaData.get(USERNAME);
        Object role = metaData.get(ROLE);
        if (username == null || role == null) {
            return null;
        }
        Object state = metaData.get(MEMBER_STATE);
        Object capacity = metaData.get(CAPACITY);
        return new Actor(username.toString(), Role.valueOf(role.toString()), state == null ? null : state.toString(),
                capacity == null ? null : Capacity.valueOf(capacity.toString()));
    }
}
