package org.iom.idm.architecture.broken.features.alpha;

import org.iom.idm.architecture.broken.features.beta.Beta;
import org.iom.idm.architecture.broken.features.ui.Page;

/** A feature that uses another which uses it back, and a web page besides. */
public class Alpha {

    public Beta beta() {
        return new Beta();
    }

    public Page page() {
        return new Page();
    }
}
