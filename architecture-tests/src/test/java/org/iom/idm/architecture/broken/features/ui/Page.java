package org.iom.idm.architecture.broken.features.ui;

/** A page of the web UI, used by a feature that is not a page. */
public class Page {
}
