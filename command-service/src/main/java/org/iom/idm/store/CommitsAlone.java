package org.iom.idm.store;

/**
 * A command whose events change how other commands are judged, through a register that is updated only as its
 * transaction commits (voting rights): it is never judged in a group, where the commands after it would not yet
 * see what it changed.
 */
public interface CommitsAlone {
}
