package org.iom.idm.consultation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How consultations are kept between commands (idm.commands.*): a snapshot once {@code snapshotAfter} of a
 * consultation's events were loaded or applied since the last one, and up to {@code cachedConsultations} held in
 * memory.
 */
@ConfigurationProperties("idm.commands")
record ConsultationStoreProperties(int snapshotAfter, long cachedConsultations) {
}
