package org.iom.idm.asof;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** "As of" reads (idm.as-of.*): how many rebuilt moments are kept, each a consultation's answers at an instant. */
@ConfigurationProperties("idm.as-of")
record AsOfProperties(int momentsKept) {
}
