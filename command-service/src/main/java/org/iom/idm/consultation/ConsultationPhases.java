package org.iom.idm.consultation;

import java.util.Optional;

/** Looks up another consultation's phase, for follow-up consultations. */
public interface ConsultationPhases {

    /** Empty when there is no such consultation. */
    Optional<Phase> phaseOf(String consultationId);
}
