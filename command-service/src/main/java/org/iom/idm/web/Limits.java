package org.iom.idm.web;

/** The text limits of CONTRACT §5. */
public final class Limits {

    public static final int TITLE = 200;
    public static final int TEXT = 5000;
    public static final int REASON = 2000;
    public static final String ID_PATTERN = "[a-z0-9-]{3,64}";
    public static final String MEMBER_STATE_PATTERN = "[A-Z]{3}";
    public static final int MAX_CHOICES = 100;

    private Limits() {
    }
}
