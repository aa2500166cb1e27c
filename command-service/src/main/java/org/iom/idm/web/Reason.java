package org.iom.idm.web;

import jakarta.validation.constraints.NotBlank;

/** The body of a request that needs a reason: a cancellation, a withdrawal, a hidden comment, a suspension. */
public record Reason(@NotBlank @Text(max = Limits.REASON, multiLine = true) String reason) {
}
