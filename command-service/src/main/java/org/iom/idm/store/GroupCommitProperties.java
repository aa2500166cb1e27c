package org.iom.idm.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Group commit (idm.commands.*): at most {@code groupCommitMaxSize} commands judged and appended together. */
@ConfigurationProperties("idm.commands")
record GroupCommitProperties(int groupCommitMaxSize) {
}
