package org.iom.idm.architecture.broken.features.beta;

import org.iom.idm.architecture.broken.features.alpha.Alpha;

/** The other half of the cycle. */
public class Beta {

    public Alpha alpha() {
        return new Alpha();
    }
}
